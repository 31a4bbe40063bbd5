import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { slowReadNote } from "./training-sources.js";

const dir = mkdtempSync(join(tmpdir(), "foresight-sources-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file of `bytes` (sparse: nothing is written), as a data path found it. */
function fileOf(name: string, bytes: number) {
  const path = join(dir, name);
  writeFileSync(path, "");
  truncateSync(path, bytes);
  return { path, name: path, runDir: undefined };
}

describe("the note before a long read of training data", () => {
  it("is said for data that takes seconds to read (the thread is held while it reads: seconds passed in silence)", () => {
    expect(slowReadNote([fileOf("big.jsonl", 138e6)])).toBe("reading 138 MB of recorded transitions (1 file), some seconds…");
    expect(slowReadNote([fileOf("a.parquet", 10e6), fileOf("b.parquet", 10e6)])).toBe("reading 20 MB of recorded transitions (2 files), some seconds…");
  });

  it("is not said for a quick read", () => {
    expect(slowReadNote([fileOf("small.jsonl", 1e6), fileOf("small.parquet", 1e6)])).toBeUndefined();
  });
});
