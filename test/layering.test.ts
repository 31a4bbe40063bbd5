import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";
import madge from "madge";
import { describe, expect, it } from "vitest";
import { tempDir } from "./fixtures/foresight-process.js";

const eslint = new ESLint({ cwd: process.cwd() });

/** The layering errors eslint reports for `code` as if it were the file `file`. */
async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === "import-x/no-restricted-paths" || m.ruleId === "no-restricted-imports").map((m) => m.message);
}

// One module per layer that exists on main, as the importer's relative path would name it.
const TARGET: Record<string, string> = {
  protocol: "protocol/index.js",
  runtime: "runtime/rng.js",
  nodes: "nodes/index.js",
  training: "training/mlp.js",
  host: "host/package-root.js",
  cli: "cli/exit.js",
  server: "server/access.js",
  electron: "electron/headless.js",
  launch: "launch/foresight.js",
  renderer: "renderer/csp.js",
};

// Every import that goes against the layering, one per direction; and the ones that are allowed.
const FORBIDDEN: [string, string][] = [
  ["protocol", "runtime"], ["protocol", "renderer"],
  ["runtime", "nodes"], ["runtime", "training"], ["runtime", "host"], ["runtime", "cli"], ["runtime", "server"], ["runtime", "electron"], ["runtime", "renderer"],
  ["nodes", "training"], ["nodes", "host"], ["nodes", "cli"], ["nodes", "server"], ["nodes", "electron"], ["nodes", "renderer"],
  ["training", "nodes"], ["training", "host"], ["training", "cli"],
  ["host", "cli"], ["host", "server"], ["host", "electron"], ["host", "launch"], ["host", "renderer"],
  ["cli", "server"], ["cli", "electron"], ["cli", "launch"],
  ["server", "cli"], ["server", "electron"], ["server", "renderer"],
  ["electron", "cli"], ["electron", "server"], ["electron", "renderer"],
  ["launch", "renderer"],
  ["renderer", "runtime"], ["renderer", "nodes"], ["renderer", "host"], ["renderer", "server"],
];
const ALLOWED: [string, string][] = [
  ["runtime", "protocol"], ["nodes", "runtime"], ["training", "runtime"],
  ["host", "nodes"], ["host", "training"], ["cli", "host"], ["server", "host"], ["electron", "host"], ["cli", "training"],
  ["launch", "cli"], ["launch", "server"], ["launch", "electron"], ["renderer", "protocol"],
];

const importLine = (from: string, to: string) => `import * as target from "../${TARGET[to]}";\nexport const used = target;\n`;

describe("the layering rule (npm run lint)", () => {
  it.each(FORBIDDEN)("refuses an import from %s/ into %s/", async (from, to) => {
    const errors = await layeringErrors(join(from, "layering-probe.ts"), importLine(from, to));
    expect(errors).toEqual([expect.stringContaining(`${from}/ may import only`)]);
  });

  it.each(ALLOWED)("lets %s/ import %s/", async (from, to) => {
    expect(await layeringErrors(join(from, "layering-probe.ts"), importLine(from, to))).toEqual([]);
  });

  it("lets a unit test beside its code use the shared fixtures, and nothing else a layer may not import", async () => {
    expect(await layeringErrors("nodes/policy/probe.test.ts", `import * as h from "../../test/fixtures/node-harness.js";\nexport const used = h;\n`)).toEqual([]);
    expect(await layeringErrors("nodes/policy/probe.test.ts", `import * as s from "../../server/access.js";\nexport const used = s;\n`)).toHaveLength(1);
  });

  it("keeps Node modules out of code that runs in a browser", async () => {
    expect(await layeringErrors("renderer/probe.ts", `import { readFileSync } from "node:fs";\nexport const used = readFileSync;\n`)).toHaveLength(1);
    expect(await layeringErrors("protocol/probe.ts", `import { join } from "node:path";\nexport const used = join;\n`)).toHaveLength(1);
  });
});

describe("the import-cycle check (madge --circular in npm run lint)", () => {
  it("finds a cycle made only of type imports", async () => {
    const dir = tempDir("cycle");
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src", "a.ts"), `import type { B } from "./b.js";\nexport interface A { b?: B }\n`);
    writeFileSync(join(dir, "src", "b.ts"), `import type { A } from "./a.js";\nexport interface B { a?: A }\n`);
    writeFileSync(join(dir, "src", "c.ts"), `import type { A } from "./a.js";\nexport type C = A;\n`);
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" } }));
    const result = await madge(join(dir, "src"), { fileExtensions: ["ts"], tsConfig: join(dir, "tsconfig.json") });
    expect(result.circular()).toEqual([["a.ts", "b.ts"]]);
  });
});
