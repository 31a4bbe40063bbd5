import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { BIN, runAsync, tempDir } from "./fixtures/foresight-process.js";

/**
 * A folder of the user's own holding `files`; with `installed`, foresight is in its node_modules as `npm install
 * <foresight's folder>` puts it there: a link to that folder (the README's route, checked by hand with npm).
 */
function userProject(files: Record<string, string>, { installed = true } = {}): string {
  const dir = tempDir("kinds-project");
  if (installed) {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(process.cwd(), join(dir, "node_modules", "foresight"), "dir");
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const kindSource = (kind: string) =>
  `import { defineNodeKind, z } from "foresight/kinds";\n` +
  `export default defineNodeKind({ kind: "${kind}", title: "Mine", description: "x", params: z.object({}), inputs: {}, outputs: {}, create: () => ({ run: () => ({}) }) });\n`;

/** `foresight schema --kinds <each module>` run in `dir`, as a user types it there. */
const schemaWith = (dir: string, ...modules: string[]) => runAsync(process.execPath, [BIN, "schema", ...modules.flatMap((module) => ["--kinds", module])], { cwd: dir });

/** What the CLI says of a module that does not load: `foresight: node kind module <url> could not be loaded: ` and then `why`. */
const notLoaded = (dir: string, module: string, why: string) => `foresight: node kind module ${pathToFileURL(join(dir, module)).href} could not be loaded: ${why}\n`;

describe("a node kind module of the user's own that does not load", () => {
  it("names the file and line of a syntax error, with the line and a caret, as node does", async () => {
    const source = 'export default defineNodeKind({ kind: "oops", title: "x" description: "y" });';
    const dir = userProject({ "syntax.mjs": `import { defineNodeKind } from "foresight/kinds";\n${source}\n` });
    const failed = await schemaWith(dir, "syntax.mjs");
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe(
      notLoaded(dir, "syntax.mjs", `SyntaxError: Unexpected identifier 'description' at ${join(dir, "syntax.mjs")}:2\n    ${source}\n    ${" ".repeat(57)}^^^^^^^^^^^`),
    );
  });

  it("names the file, line and column of an error its top level throws", async () => {
    const dir = userProject({ "throws.mjs": 'const ready = false;\nif (!ready) throw new Error("no model file yet");\n' });
    const failed = await schemaWith(dir, "throws.mjs");
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe(
      notLoaded(dir, "throws.mjs", `Error: no model file yet at ${join(dir, "throws.mjs")}:2:19\n    if (!ready) throw new Error("no model file yet");\n                      ^`),
    );
  });

  it("names the file, line and column of a SyntaxError its top level throws as it runs (not as it is parsed)", async () => {
    const dir = userProject({ "parses.mjs": 'const settings = "{bad";\nexport const parsed = JSON.parse(settings);\n' });
    const failed = await schemaWith(dir, "parses.mjs");
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe(
      notLoaded(
        dir,
        "parses.mjs",
        `SyntaxError: Expected property name or '}' in JSON at position 1 at ${join(dir, "parses.mjs")}:2:28\n    export const parsed = JSON.parse(settings);\n                               ^`,
      ),
    );
  });

  it("says a module has no default export, and names the exports it has", async () => {
    const dir = userProject({ "named.mjs": kindSource("mine").replace("export default defineNodeKind", "export const mine = defineNodeKind") });
    const failed = await schemaWith(dir, "named.mjs");
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe(`foresight: node kind module ${pathToFileURL(join(dir, "named.mjs")).href} has no default export, only the named export mine: export default a node kind or an array of them\n`);
  });

  it("says how to install foresight where the module lives when it is not installed there", async () => {
    const dir = userProject({ "kind.mjs": kindSource("mine") }, { installed: false });
    const failed = await schemaWith(dir, "kind.mjs");
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe(
      notLoaded(dir, "kind.mjs", `Cannot find package 'foresight' imported from ${join(dir, "kind.mjs")} (install foresight in that project: cd ${dir} && npm install ${process.cwd()})`),
    );
  });

  it("says a TypeScript module must be compiled to JavaScript first, and how", async () => {
    const dir = userProject({ "kind.ts": kindSource("mine").replace("z.object({})", "z.object({}) as z.ZodObject") });
    const failed = await schemaWith(dir, "kind.ts");
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('node kind modules are loaded as JavaScript ES modules (.mjs, or .js in a package whose package.json has "type": "module")');
    expect(failed.stderr).toContain("Compile it first: rename it kind.mts, run npx tsc kind.mts --module nodenext --target es2022");
  });
});

describe("node kind names of the user's own", () => {
  it("refuses a kind named as a built-in one, naming the module and the built-in", async () => {
    const dir = userProject({ "sampler.mjs": kindSource("sampler") });
    const failed = await schemaWith(dir, "sampler.mjs");
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe(
      `foresight: node kind module ${pathToFileURL(join(dir, "sampler.mjs")).href}: its kind "sampler" has the name of the built-in kind "sampler" (Candidate sampler); give the kind a name of its own\n`,
    );
  });

  it("loads a module given twice once, and names both modules that define one kind", async () => {
    const dir = userProject({ "mine.mjs": kindSource("mine"), "also-mine.mjs": kindSource("mine") });
    const twice = await schemaWith(dir, "mine.mjs", join(dir, "mine.mjs"));
    expect(twice.code, twice.stderr).toBe(0);
    expect(twice.stdout).toContain('"const": "mine"');
    const both = await schemaWith(dir, "mine.mjs", "also-mine.mjs");
    expect(both.code).toBe(2);
    const [mine, alsoMine] = ["mine.mjs", "also-mine.mjs"].map((name) => pathToFileURL(join(dir, name)).href);
    expect(both.stderr).toBe(`foresight: node kind module ${alsoMine}: its kind "mine" is also defined by node kind module ${mine}; give the kind a name of its own\n`);
  });
});

describe("the README's node kind of your own (Adding a node kind)", () => {
  it("loads in a fresh project where foresight is installed", async () => {
    const readme = readFileSync("README.md", "utf8");
    const example = /```js\n(\/\/ constant-bonus\.mjs\n[\s\S]*?)```/.exec(readme)![1]!;
    const dir = userProject({ "constant-bonus.mjs": example });
    const schema = await schemaWith(dir, "constant-bonus.mjs");
    expect(schema.code, schema.stderr).toBe(0);
    expect(schema.stdout).toContain('"const": "constant-bonus"');
  });
});
