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

  it("says how to install foresight where the module lives when it is not installed there", async () => {
    const dir = userProject({ "kind.mjs": kindSource("mine") }, { installed: false });
    const failed = await schemaWith(dir, "kind.mjs");
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe(
      notLoaded(dir, "kind.mjs", `Cannot find package 'foresight' imported from ${join(dir, "kind.mjs")} (install foresight in that project: cd ${dir} && npm install ${process.cwd()})`),
    );
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
