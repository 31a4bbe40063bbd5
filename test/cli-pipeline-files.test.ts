import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { BIN, foresight, tempDir, type EditablePipeline } from "./fixtures/foresight-process.js";

const EXAMPLE = "examples/gridworld-vgps.foresight.json";

/** The example, edited, written on one line (so not formatted) as `<dir>/<name>`. */
function pipelineFile(dir: string, name: string, edit: (doc: EditablePipeline) => void = () => {}): string {
  const doc = JSON.parse(readFileSync(EXAMPLE, "utf8"));
  edit(doc);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** Root writes where the permissions say no one may: a folder's refusal is seen only by another user. */
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** `foresight ...args` as a user who is not root (nobody, when the tests run as root), in `cwd`. */
function foresightNotRoot(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const user = asRoot ? { uid: NOBODY, gid: NOBODY } : {};
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", ...user });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A folder that user can enter, and write when `writable`: the scratch folders above it let it through. */
function folderForNotRoot(writable: boolean): string {
  const dir = tempDir("not-root");
  for (let up = dirname(dir); asRoot && up.startsWith(tmpdir()) && up !== dirname(tmpdir()); up = dirname(up)) chmodSync(up, statSync(up).mode | 0o011);
  chmodSync(dir, writable ? 0o777 : 0o755);
  return dir;
}

describe("foresight format and validate on the files users keep in git", () => {
  it("formats every file it is given and reports each one it cannot, then exits 2 with a count", () => {
    const dir = tempDir("format-several");
    const [a, c] = [pipelineFile(dir, "a.foresight.json"), pipelineFile(dir, "c.foresight.json")];
    const b = join(dir, "b.foresight.json");
    writeFileSync(b, "// a comment\n" + readFileSync(EXAMPLE, "utf8"));

    const check = foresight("format", "--check", a, b, c);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain(`${b}:1:1: #: not valid JSON`);
    expect(check.stderr).toContain(`not formatted: ${a}, ${c}`);
    expect(check.stderr).toContain("1 of 3 files could not be checked");

    const format = foresight("format", a, b, c);
    expect(format.code).toBe(2);
    expect(format.stdout).toBe(`formatted ${a}\nformatted ${c}\n`);
    expect(format.stderr).toContain(`${b}:1:1: #: not valid JSON`);
    expect(format.stderr).toContain("1 of 3 files could not be formatted");
    expect(foresight("format", "--check", a, c).code).toBe(0);
  });

  it("refuses to format a read-only file, and leaves it as it was", () => {
    const file = pipelineFile(tempDir("format-read-only"), "r.foresight.json");
    const before = readFileSync(file, "utf8");
    chmodSync(file, 0o444);
    expect(foresight("format", file)).toMatchObject({ code: 2, stderr: `foresight: ${file} is read-only; make it writable first (chmod u+w) to format it\n` });
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it.runIf(asRoot)("refuses to format another user's file that user cannot write, and leaves its owner as it was", () => {
    const dir = folderForNotRoot(true);
    const file = pipelineFile(dir, "o.foresight.json");
    chmodSync(file, 0o644);
    expect(foresightNotRoot(dir, "format", "o.foresight.json")).toMatchObject({ code: 2, stderr: "foresight: o.foresight.json is read-only; make it writable first (chmod u+w) to format it\n" });
    expect(statSync(file).uid).toBe(0);
  });

  it("says that the folder cannot be written when a writable file sits in a read-only folder", () => {
    const dir = folderForNotRoot(true);
    const file = pipelineFile(dir, "w.foresight.json");
    chmodSync(file, 0o666);
    chmodSync(dir, 0o555);
    const result = foresightNotRoot(dir, "format", "w.foresight.json");
    chmodSync(dir, 0o755);
    expect(result).toMatchObject({ code: 2, stderr: "foresight: cannot write w.foresight.json: its folder . cannot be written (permission denied), and the file is replaced through a new one made beside it\n" });
  });

  it("prints a schema that ajv 8 compiles in strict mode, which takes version-1 files and a $schema key", () => {
    // ajv is not a dependency of ours: electron-builder's copy, as a user's CI would have its own.
    const Ajv2020 = createRequire(import.meta.url)("../node_modules/app-builder-lib/node_modules/ajv/dist/2020.js").default;
    const printed = foresight("schema");
    expect(printed.code).toBe(0);
    // Formats (uri) need the ajv-formats plug-in, which is not there; unknown keywords are what strict mode refuses.
    const check = new Ajv2020({ strict: true, validateFormats: false }).compile(JSON.parse(printed.stdout));
    const doc = JSON.parse(readFileSync(EXAMPLE, "utf8"));
    expect(check(doc)).toBe(true);
    expect(check({ ...doc, version: 1, $schema: "./schema.json" })).toBe(true);
    expect(check({ ...doc, version: 3 })).toBe(false);
  });

  it("validates a file that names its JSON Schema in $schema, and format keeps it first", () => {
    const file = pipelineFile(tempDir("dollar-schema"), "s.foresight.json", (doc) => (doc.$schema = "./schema.json"));
    expect(foresight("validate", file).code).toBe(0);
    expect(foresight("format", file).code).toBe(0);
    expect(readFileSync(file, "utf8").startsWith('{\n  "$schema": "./schema.json",\n  "format"')).toBe(true);
  });

  it("places each problem found after parsing at its key's line and column, as editors' problem matchers read it", () => {
    const file = join(tempDir("placed-problems"), "wrongkey.foresight.json");
    const doc = JSON.parse(readFileSync(EXAMPLE, "utf8"));
    doc.run = { maxStep: 10, ...doc.run };
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const line = JSON.stringify(doc, null, 2).split("\n").findIndex((text) => text.includes('"maxStep"')) + 1;
    const result = foresight("validate", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:${line}:5: #/run/maxStep: unknown field "maxStep" in run`);
  });

  it("says a file holds merge-conflict markers, a comment or a trailing comma, at the line of the mistake", () => {
    const dir = tempDir("syntax-hints");
    const lines = JSON.stringify(JSON.parse(readFileSync(EXAMPLE, "utf8")), null, 2).split("\n");
    const cases = {
      "conflict.foresight.json": [...lines.slice(0, 3), "<<<<<<< HEAD", lines[3], "=======", lines[3], ">>>>>>> theirs", ...lines.slice(4)],
      "comment.foresight.json": [lines[0], "  // the grid world, tuned", ...lines.slice(1)],
      "comma.foresight.json": [...lines.slice(0, -1).map((line, i, all) => (i === all.length - 1 ? line + "," : line)), lines.at(-1)!],
    };
    for (const [name, text] of Object.entries(cases)) writeFileSync(join(dir, name), text.join("\n"));
    const said = (name: string) => foresight("validate", join(dir, name)).stderr.split("\n")[0];
    expect(said("conflict.foresight.json")).toBe(`${join(dir, "conflict.foresight.json")}:4:1: #: not valid JSON: an unresolved git merge-conflict marker (<<<<<<<) at line 4, column 1`);
    expect(said("comment.foresight.json")).toBe(`${join(dir, "comment.foresight.json")}:2:3: #: not valid JSON: a comment, which JSON does not allow (say it in a description or a note instead) at line 2, column 3`);
    const commaLine = lines.length - 1;
    expect(said("comma.foresight.json")).toBe(`${join(dir, "comma.foresight.json")}:${commaLine}:${lines.at(-2)!.length + 1}: #: not valid JSON: a trailing comma (JSON allows none before }) at line ${commaLine}, column ${lines.at(-2)!.length + 1}`);
  });

  it("says a fractional episode count must be a whole number, and names the node an edge's typo meant", () => {
    const file = pipelineFile(tempDir("small-words"), "typos.foresight.json", (doc) => {
      doc.run.episodes = 200.5;
      doc.edges.find((edge: { to: string }) => edge.to.startsWith("executor.")).to = doc.edges.find((edge: { to: string }) => edge.to.startsWith("executor.")).to.replace("executor", "executr");
    });
    const result = foresight("validate", file);
    expect(result.stderr).toContain("#/run/episodes: run.episodes: must be a whole number, got 200.5");
    expect(result.stderr).toContain('no valid node "executr" to connect (it is missing or has problems of its own). Did you mean "executor"?');
  });

  it("validates the *.foresight.json files under a folder, saying how many, and leaves run folders out", () => {
    const dir = tempDir("validate-folder");
    mkdirSync(join(dir, "nested", "run-1"), { recursive: true });
    pipelineFile(dir, "top.foresight.json");
    const nested = pipelineFile(join(dir, "nested"), "bad.foresight.json", (doc) => (doc.run.episodes = 0));
    pipelineFile(join(dir, "nested", "run-1"), "pipeline.foresight.json", (doc) => (doc.run.episodes = 0));
    writeFileSync(join(dir, "nested", "run-1", "summary.json"), "{}");
    writeFileSync(join(dir, "notes.json"), "{}");
    const result = foresight("validate", dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`${dir}: 2 pipeline files (*.foresight.json) under it\n`);
    expect(result.stdout).toContain(`${join(dir, "top.foresight.json")}: valid`);
    expect(result.stderr).toContain(`${nested}:`);
    expect(result.stderr).not.toContain("run-1");
    expect(result.stderr).toContain("1 of 2 files have problems");
  });
});
