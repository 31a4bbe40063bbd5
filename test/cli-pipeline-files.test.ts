import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foresight, tempDir, type EditablePipeline } from "./fixtures/foresight-process.js";

const EXAMPLE = "examples/gridworld-vgps.foresight.json";

/** The example, edited, written on one line (so not formatted) as `<dir>/<name>`. */
function pipelineFile(dir: string, name: string, edit: (doc: EditablePipeline) => void = () => {}): string {
  const doc = JSON.parse(readFileSync(EXAMPLE, "utf8"));
  edit(doc);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe("foresight format and validate on the files users keep in git", () => {
  it("formats every file it is given and reports each one it cannot, then exits 2 with a count", () => {
    const dir = tempDir("format-several");
    const [a, c] = [pipelineFile(dir, "a.foresight.json"), pipelineFile(dir, "c.foresight.json")];
    const b = join(dir, "b.foresight.json");
    writeFileSync(b, "// a comment\n" + readFileSync(EXAMPLE, "utf8"));

    const check = foresight("format", "--check", a, b, c);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain(`${b}#: not valid JSON`);
    expect(check.stderr).toContain(`not formatted: ${a}, ${c}`);
    expect(check.stderr).toContain("1 of 3 files could not be checked");

    const format = foresight("format", a, b, c);
    expect(format.code).toBe(2);
    expect(format.stdout).toBe(`formatted ${a}\nformatted ${c}\n`);
    expect(format.stderr).toContain(`${b}#: not valid JSON`);
    expect(format.stderr).toContain("1 of 3 files could not be formatted");
    expect(foresight("format", "--check", a, c).code).toBe(0);
  });
});
