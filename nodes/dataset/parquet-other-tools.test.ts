import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readParquetFile } from "./parquet-io.js";
import { readJsonLines } from "./read-dataset.js";

// Parquet files as pandas/pyarrow and polars save them (test/fixtures/parquet/README.md says how they were made).
const fixture = (name: string) => join(process.cwd(), "test/fixtures/parquet", name);
const recorded = readJsonLines(fixture("gridworld-transitions.jsonl"));

describe("readParquetFile reads Parquet written by other tools", () => {
  it("reads INT64 columns (pandas' default for whole numbers) as numbers", async () => {
    const records = await readParquetFile(fixture("gridworld-int64.parquet"));
    expect(records).toEqual(recorded);
    expect(typeof records[0]!["step"]).toBe("number");
  });

  it("reads ZSTD (polars' default) and GZIP compressed files", async () => {
    expect(await readParquetFile(fixture("gridworld-zstd.parquet"))).toEqual(recorded);
    expect(await readParquetFile(fixture("gridworld-gzip.parquet"))).toEqual(recorded);
  });

  it("refuses a whole number past 2^53 − 1, naming file, record and column", async () => {
    const file = fixture("gridworld-huge-step.parquet");
    await expect(readParquetFile(file)).rejects.toThrow(
      `${file}, record 1: column "step" holds 1152921504606846976, beyond ±9007199254740991 (2^53 − 1), the largest whole number read exactly; store it as a float64 or text column`,
    );
  });
});
