import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BatchOutcome } from "../host/queue/batch-job.js";
import { BatchFiles } from "../host/queue/batch-files.js";
import { readDataset } from "../nodes/dataset/index.js";
import { writeParquetFile } from "../nodes/dataset/parquet-io.js";
import type { DatasetRecord } from "../nodes/dataset/columns.js";

let runDir: string;
beforeEach(() => {
  runDir = mkdtempSync(join(tmpdir(), "foresight-batch-files-"));
});
afterEach(() => rmSync(runDir, { recursive: true, force: true }));

/** Batch `batch`'s records: two episodes of 1–3 steps, as its Dataset collector wrote them. */
const records = (batch: number): DatasetRecord[] =>
  [2 * batch, 2 * batch + 1].flatMap((episode) => Array.from({ length: 1 + (episode % 3) }, (_, step) => ({ episode, step, reward: episode + step / 10 })));

async function outcome(batch: number, extra: BatchOutcome["files"] = []): Promise<BatchOutcome> {
  const rows = records(batch);
  const parquet = join(runDir, `worker-${batch}.parquet`);
  await writeParquetFile(parquet, [rows], [{ name: "episode", type: "INT32" }, { name: "step", type: "INT32" }, { name: "reward", type: "DOUBLE" }], "final");
  const bytes = readFileSync(parquet);
  rmSync(parquet);
  return {
    runId: "run",
    batch,
    first: 2 * batch,
    last: 2 * batch + 1,
    worker: "w",
    result: { status: "completed", models: [], episodes: [], nodeTimes: [], wallMs: 1 },
    notices: [],
    trace: new Uint8Array(),
    files: [
      { path: "dataset/transitions.jsonl", bytes: Buffer.from(rows.map((row) => `${JSON.stringify(row)}\n`).join("")) },
      { path: "dataset/transitions.parquet", bytes },
      ...extra,
    ],
  };
}

const dataset = (file: string) => join(runDir, "dataset", file);

describe("a queued run's batch files, put together in the run folder", () => {
  it("joins batches in episode order whatever order they come in; an early one waits in its shard", async () => {
    const files = new BatchFiles(runDir);
    files.take(await outcome(1));
    await files.settled();
    expect(readdirSync(join(runDir, "shards"))).toEqual(["1"]);
    expect(existsSync(join(runDir, "shards/1/dataset/transitions.jsonl"))).toBe(true);
    expect(existsSync(dataset("transitions.jsonl"))).toBe(false);

    files.take(await outcome(0));
    await files.settled();
    // Batch 0 went in, and batch 1 right behind it.
    expect(existsSync(join(runDir, "shards/1"))).toBe(false);
    expect(await readDataset(dataset("transitions.jsonl"))).toEqual([...records(0), ...records(1)]);
    // Meanwhile the Parquet file is its parts, which read as the batches so far.
    expect(await readDataset(dataset("transitions.parquet.parts"))).toEqual([...records(0), ...records(1)]);

    // Batch 2 never comes (the run was stopped): 3 still goes in, after 1.
    files.take(await outcome(3));
    await files.finish();
    const played = [...records(0), ...records(1), ...records(3)];
    expect(await readDataset(dataset("transitions.jsonl"))).toEqual(played);
    expect(await readDataset(dataset("transitions.parquet"))).toEqual(played);
    expect(readdirSync(runDir).sort()).toEqual(["dataset"]);
    expect(readdirSync(join(runDir, "dataset")).sort()).toEqual(["transitions.jsonl", "transitions.parquet"]);
  });

  it("keeps a file that is neither JSON Lines nor Parquet in the batch's shard", async () => {
    const files = new BatchFiles(runDir);
    files.take(await outcome(0, [{ path: "notes/batch.txt", bytes: Buffer.from("zero") }]));
    files.take(await outcome(1));
    await files.finish();
    expect(readFileSync(join(runDir, "shards/0/notes/batch.txt"), "utf8")).toBe("zero");
    expect(readdirSync(join(runDir, "shards"))).toEqual(["0"]);
    expect(await readDataset(dataset("transitions.parquet"))).toEqual([...records(0), ...records(1)]);
  });

  it.each(["../outside.jsonl", "trace.jsonl", "shards/3/dataset/x.jsonl"])("refuses a file at %s, naming the batch", async (path) => {
    const files = new BatchFiles(runDir);
    files.take(await outcome(0, [{ path, bytes: Buffer.from("{}\n") }]));
    await expect(files.finish()).rejects.toThrow(`batch 0: file "${path}" points outside its dataset folders`);
    expect(existsSync(join(runDir, "trace.jsonl"))).toBe(false);
    // Every path is checked before any write: none of the batch's files went in (nor is one still being written).
    expect(readdirSync(runDir)).toEqual([]);
  });
});
