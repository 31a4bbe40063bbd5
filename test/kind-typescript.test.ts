import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, runAsync, tempDir } from "./fixtures/foresight-process.js";

/** foresight's own TypeScript: the user's would do, but a fresh temp project has none. */
const TSC = join(process.cwd(), "node_modules/typescript/bin/tsc");

/** A project of the user's own holding `files`, with foresight in its node_modules as `npm install <foresight's folder>` puts it there: a link. */
function userProject(files: Record<string, string>): string {
  const dir = tempDir("kinds-ts");
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(process.cwd(), join(dir, "node_modules", "foresight"), "dir");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const tsc = (dir: string, ...args: string[]) => runAsync(process.execPath, [TSC, ...args], { cwd: dir });

/** README § Adding a node kind: its example kind, and the command it gives to compile a kind written in TypeScript. */
function readmeKind(): { source: string; compileArgs: string[] } {
  const readme = readFileSync("README.md", "utf8");
  const source = /```js\n(\/\/ constant-bonus\.mjs\n[\s\S]*?)```/.exec(readme)![1]!;
  const [, module, options] = /run `npx tsc (\S+\.mts) ([^`]+)`/.exec(readme.replace(/\s+/g, " "))!;
  return { source, compileArgs: [module!.replace("my-kind", "constant-bonus"), ...options!.split(" ")] };
}

/** Whether tsc read `file` for a kind module: the module itself, TypeScript's lib, zod, or foresight's kind declarations. */
function readForAKind(file: string, kindModule: string): boolean {
  const foresight = realpathSync(process.cwd()) + sep;
  return (
    file === kindModule ||
    /\/node_modules\/(typescript\/lib|zod)\//.test(file) ||
    (file.startsWith(foresight) && /^dist\/(runtime|protocol)\/.*\.d\.ts$/.test(file.slice(foresight.length)))
  );
}

describe("a node kind written in TypeScript, importing from foresight/kinds", () => {
  it("compiles under --strict with the README's command, reading only foresight's kind declarations and zod's, and loads", async () => {
    const { source, compileArgs } = readmeKind();
    const dir = userProject({ "constant-bonus.mts": source });
    const compiled = await tsc(dir, ...compileArgs, "--strict", "--listFiles");
    const errors = compiled.stdout.split("\n").filter((line) => line.includes("error TS"));
    expect(errors).toEqual([]);
    expect(compiled.code).toBe(0);
    const read = compiled.stdout.trim().split("\n");
    expect(read.filter((file) => !readForAKind(file, "constant-bonus.mts"))).toEqual([]);

    const schema = await runAsync(process.execPath, [BIN, "schema", "--kinds", "constant-bonus.mjs"], { cwd: dir });
    expect(schema.code, schema.stderr).toBe(0);
    expect(schema.stdout).toContain('"const": "constant-bonus"');
  });

  it("is refused when run returns a number for a candidates output, or a param's default has the wrong type", async () => {
    const dir = userProject({
      "wrong.mts": [
        'import { defineNodeKind, z } from "foresight/kinds";',
        "",
        "export default defineNodeKind({",
        '  kind: "wrong-bonus",',
        '  title: "Wrong bonus",',
        '  description: "Gets its types wrong.",',
        '  params: z.object({ bonus: z.number().default("one") }),',
        '  inputs: { candidates: { type: "candidates", description: "The candidates.", required: true } },',
        '  outputs: { candidates: { type: "candidates", description: "The candidates with a bonus column." } },',
        "  create: () => ({",
        "    run: ({ candidates }) => ({ candidates: candidates.actions.length }),",
        "  }),",
        "});",
        "",
      ].join("\n"),
    });
    const checked = await tsc(dir, "--strict", "--noEmit", "--module", "nodenext", "wrong.mts");
    expect(checked.code).toBe(2);
    expect(checked.stdout.split("\n").filter((line) => line.startsWith("wrong.mts"))).toEqual([
      "wrong.mts(7,48): error TS2769: No overload matches this call.",
      "wrong.mts(11,33): error TS2322: Type 'number' is not assignable to type 'CandidateTable'.",
    ]);
    expect(checked.stdout).toContain("Argument of type 'string' is not assignable to parameter of type 'number'.");
  });
});
