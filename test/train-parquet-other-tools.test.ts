import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { foresight, tempDir } from "./fixtures/foresight-process.js";

// `foresight train` on Parquet as pandas/pyarrow and polars save it (test/fixtures/parquet/README.md).
const dir = tempDir("train-parquet-other-tools");
const PIPELINE = "examples/gridworld-policy-only.foresight.json";
const fixture = (name: string) => join("test/fixtures/parquet", name);
const trainPolicy = (file: string) => foresight("train", "policy", file, "--pipeline", PIPELINE, "--epochs", "1", "--out", join(dir, "policy.onnx"), "--quiet");

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("foresight train reads Parquet saved by pandas and polars", () => {
  it.each(["gridworld-int64.parquet", "gridworld-zstd.parquet", "gridworld-gzip.parquet"])("trains on %s", (name) => {
    const result = trainPolicy(fixture(name));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("policy: 10 transitions of 2 episodes");
  });

  it("refuses a whole number no JavaScript number holds, naming file, record and column", () => {
    const file = fixture("gridworld-huge-step.parquet");
    const result = trainPolicy(file);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toBe(`foresight: ${file}, record 1: column "step" holds 1152921504606846976, beyond ±9007199254740991 (2^53 − 1), the largest whole number read exactly; store it as a float64 or text column\n`);
  });
});
