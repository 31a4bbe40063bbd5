import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { duplicateKeys } from "../runtime/pipeline/duplicate-keys.js";
import { foresight, tempDir } from "./fixtures/foresight-process.js";

/** gridworld-vgps with `"n": 2` written under its sampler's `"n": 16` (line 49). */
function fileWithTwoNs(): string {
  const text = readFileSync("examples/gridworld-vgps.foresight.json", "utf8").replace('"n": 16,\n', '"n": 16,\n        "n": 2,\n');
  const file = join(tempDir("duplicate-keys"), "two-ns.foresight.json");
  writeFileSync(file, text);
  return file;
}

const problem = (file: string) => `${file}:50:9: #/nodes/2/params/n: duplicate key "n" at line 50, column 9 (first at line 49)`;

describe("a key written twice in one object", () => {
  it("is found with its pointer, line and column, however deep and however escaped", () => {
    const text = '{\n  "a": [1, {"b": {}, "c": [true, null]}, {"x": 1, "\\u0078": 2}],\n  "a": 0\n}';
    expect(duplicateKeys(text)).toEqual([
      { key: "x", pointer: "/a/2/x", line: 2, column: 51, firstLine: 2 },
      { key: "a", pointer: "/a", line: 3, column: 3, firstLine: 2 },
    ]);
    expect(duplicateKeys('{"a": {"k": 1}, "b": {"k": "}\\"{"}, "k": [{"k": 1}]}')).toEqual([]);
  });

  it("is refused by validate, run and format alike, and format leaves the file as it was", () => {
    const file = fileWithTwoNs();
    const before = readFileSync(file, "utf8");
    for (const args of [["validate", file], ["run", file, "--episodes", "1", "--trace", "off", "--out", tempDir("duplicate-keys-run")], ["format", file]]) {
      const result = foresight(...args);
      expect(result.code, args[0]).toBe(2);
      expect(result.stderr, args[0]).toContain(problem(file));
    }
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("is named for a duplicated node id, instead of the problems that follow from it", () => {
    const file = join(tempDir("duplicate-keys"), "two-ids.foresight.json");
    writeFileSync(file, readFileSync("examples/gridworld-vgps.foresight.json", "utf8").replace('"id": "sampler",\n', '"id": "sampler",\n      "id": "sample",\n'));
    const result = foresight("validate", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:46:7: #/nodes/2/id: duplicate key "id" at line 46, column 7 (first at line 45)`);
    expect(result.stderr.trim().split("\n")).toHaveLength(2);
  });
});
