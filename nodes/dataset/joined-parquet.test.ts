import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ColumnSpec, DatasetRecord } from "./columns.js";
import { JoinedParquetFile } from "./joined-parquet.js";
import { readParquetFile, writeParquetFile } from "./parquet-io.js";
import { readDataset } from "./read-dataset.js";

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "foresight-joined-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const columns: ColumnSpec[] = [
  { name: "episode", type: "INT32" },
  { name: "step", type: "INT32" },
  { name: "reward", type: "DOUBLE" },
];

const batchRecords = (batch: number): DatasetRecord[] => Array.from({ length: 1 + (batch % 4) }, (_, step) => ({ episode: batch, step, reward: batch / 10 }));

/** A batch's Parquet file as a worker encodes it. */
async function batchFile(batch: number, records: DatasetRecord[], spec = columns): Promise<Uint8Array> {
  const path = join(folder, `worker-${batch}.parquet`);
  await writeParquetFile(path, [records], spec, "final");
  const bytes = readFileSync(path);
  rmSync(path);
  return bytes;
}

describe("a Parquet file put together from batches' files", () => {
  it("keeps few parts while the batches come, reads as every batch in order meanwhile, and ends as one file", async () => {
    const joined = new JoinedParquetFile(join(folder, "transitions.parquet"));
    const all: DatasetRecord[] = [];
    for (let batch = 0; batch < 25; batch++) {
      const records = batchRecords(batch);
      all.push(...records);
      await joined.add(batch, await batchFile(batch, records));
    }
    // Ten of a size become one of the next: 0–9 and 10–19 joined, 20–24 as they came.
    expect(readdirSync(joined.partsFolder).sort()).toEqual([
      "part-000000-000009.parquet",
      "part-000010-000019.parquet",
      ...[20, 21, 22, 23, 24].map((n) => `part-0000${n}-0000${n}.parquet`),
    ]);
    // What a killed producer leaves reads as every batch taken in.
    expect(await readDataset(joined.partsFolder)).toEqual(all);

    await joined.close();
    expect(existsSync(joined.partsFolder)).toBe(false);
    expect(await readParquetFile(joined.path)).toEqual(all);
  });

  it("encodes the records again where a batch has a column the others lack", async () => {
    const joined = new JoinedParquetFile(join(folder, "scores.parquet"));
    await joined.add(0, await batchFile(0, [{ episode: 0, step: 0, reward: 1 }]));
    await joined.add(1, await batchFile(1, [{ episode: 1, step: 0, reward: 2, risk: 0.5 }], [...columns, { name: "risk", type: "DOUBLE" }]));
    await joined.close();

    expect(await readParquetFile(joined.path)).toEqual([
      { episode: 0, step: 0, reward: 1, risk: null },
      { episode: 1, step: 0, reward: 2, risk: 0.5 },
    ]);
  });
});
