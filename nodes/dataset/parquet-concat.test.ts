import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetMetadata } from "hyparquet";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ColumnSpec, DatasetRecord } from "./columns.js";
import { concatParquetFiles } from "./parquet-concat.js";
import { readParquetFile, writeParquetFile } from "./parquet-io.js";

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "foresight-concat-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const columns: ColumnSpec[] = [
  { name: "episode", type: "INT32" },
  { name: "state", type: "STRING" },
  { name: "reward", type: "DOUBLE" },
  { name: "done", type: "BOOLEAN" },
];

/** A batch's records: recurring state texts (dictionary-encoded), some nulls. */
function records(episode: number, steps: number): DatasetRecord[] {
  return Array.from({ length: steps }, (_, step) => ({
    episode,
    state: step % 3 === 0 ? null : `{"x":${step % 4},"y":${episode}}`,
    reward: step === steps - 1 ? 1 : -0.01 * step,
    done: step === steps - 1,
  }));
}

async function file(name: string, rows: DatasetRecord[], spec = columns): Promise<string> {
  const path = join(folder, name);
  await writeParquetFile(path, [rows], spec, "final");
  return path;
}

describe("joining Parquet files by their row groups", () => {
  it("holds every row of the files in order, and one footer that counts them", async () => {
    const batches = [records(0, 7), records(1, 120), records(2, 1)];
    const inputs = await Promise.all(batches.map((rows, i) => file(`batch-${i}.parquet`, rows)));
    const target = join(folder, "joined.parquet");

    expect(await concatParquetFiles(inputs, target)).toBe(128);

    expect(await readParquetFile(target)).toEqual(batches.flat());
    const bytes = readFileSync(target);
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(metadata.num_rows).toBe(128n);
    expect(metadata.row_groups.map((group) => group.num_rows)).toEqual([7n, 120n, 1n]);
    // The statistics came along: a reader still skips row groups by value.
    expect(metadata.row_groups[1]!.columns[2]!.meta_data?.statistics).toMatchObject({ max_value: 1 });
  });

  it("writes nothing when the schemas differ, so the caller encodes the records again", async () => {
    const a = await file("a.parquet", records(0, 3));
    const b = await file("b.parquet", records(1, 3), [...columns, { name: "extra", type: "DOUBLE" }]);
    const target = join(folder, "joined.parquet");

    expect(await concatParquetFiles([a, b], target)).toBeUndefined();
    expect(existsSync(target)).toBe(false);
  });

  it("names a file that is not Parquet", async () => {
    const a = await file("a.parquet", records(0, 3));
    const notParquet = await file("b.parquet", records(1, 2));
    // A file cut short: its footer is gone.
    writeFileSync(notParquet, readFileSync(notParquet).subarray(0, 40));

    await expect(concatParquetFiles([a, notParquet], join(folder, "joined.parquet"))).rejects.toThrow(`${notParquet}: not a Parquet file`);
  });
});
