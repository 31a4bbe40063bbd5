import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StreamColumns, type DatasetRecord } from "./columns.js";
import { readDataset, repairDatasets } from "./index.js";
import { writeParquetFile } from "./parquet-io.js";
import { partFileName } from "./parquet-parts.js";

let runDir: string;
beforeEach(() => {
  runDir = mkdtempSync(join(tmpdir(), "foresight-repair-"));
});
afterEach(() => rmSync(runDir, { recursive: true, force: true }));

const columns = new StreamColumns({ episode: "INT32", step: "INT32", reward: "DOUBLE" }).list();
const records = (first: number, last: number): DatasetRecord[] =>
  Array.from({ length: last - first + 1 }, (_, i) => ({ episode: first + i, step: 0, reward: (first + i) / 2 }));

/** A dataset folder as a killed run leaves it, with parts holding `parts` (flush ranges of one record per flush); a stream without declared columns, so records hold only what is written. */
async function killedRun(folder: string, parts: [number, number][]): Promise<string> {
  const dataset = join(runDir, folder);
  mkdirSync(join(dataset, "returns.parquet.parts"), { recursive: true });
  for (const [first, last] of parts) await writeParquetFile(join(dataset, "returns.parquet.parts", partFileName(first, last)), [records(first, last)], columns, "part");
  return dataset;
}

describe("repairing a killed run's datasets", () => {
  it("rebuilds from the parts when the run wrote only Parquet, each record once though a merge was cut short, and removes temporary files", async () => {
    const dataset = await killedRun("dataset", [[0, 9], [0, 0], [9, 9], [10, 10]]);
    writeFileSync(join(dataset, "returns.parquet.parts", ".part-000011-000011.parquet.tmp-00ff00ff"), "half");
    writeFileSync(join(dataset, ".returns.parquet.tmp-0a0b0c0d"), "half");
    const [repaired] = await repairDatasets(runDir);
    expect(repaired).toEqual({ file: join(dataset, "returns.parquet"), from: "parts", records: 11, cutBytes: 0 });
    expect(readdirSync(dataset)).toEqual(["returns.parquet"]);
    expect(await readDataset(join(dataset, "returns.parquet"))).toEqual(records(0, 10));
  });

  it("rebuilds from the JSON Lines file, cutting off a partial last line, in a shard's custom dataset folder", async () => {
    const dataset = await killedRun("shards/1/data/v1", [[0, 1]]);
    const lines = records(0, 3).map((r) => JSON.stringify(r)).join("\n");
    writeFileSync(join(dataset, "returns.jsonl"), `${lines}\n{"episode":4,"st`);
    const [repaired] = await repairDatasets(runDir);
    expect(repaired).toEqual({ file: join(dataset, "returns.parquet"), from: "jsonl", records: 4, cutBytes: 16 });
    expect(readFileSync(join(dataset, "returns.jsonl"), "utf8")).toBe(`${lines}\n`);
    expect(await readDataset(join(dataset, "returns.parquet"))).toEqual(records(0, 3));
  });

  it("cuts a torn last episode off whole: the lines a kill left of its one write and its partial line", async () => {
    const dataset = await killedRun("dataset", [[0, 1]]);
    const steps = (episode: number, count: number) => Array.from({ length: count }, (_, step) => JSON.stringify({ episode, step, reward: 1 })).join("\n");
    const whole = `${steps(0, 3)}\n${steps(1, 2)}\n`;
    writeFileSync(join(dataset, "returns.jsonl"), `${whole}${steps(2, 3)}\n{"episode":2,"step":3,"rew`);
    const [repaired] = await repairDatasets(runDir);
    expect(repaired).toMatchObject({ from: "jsonl", records: 5 });
    expect(readFileSync(join(dataset, "returns.jsonl"), "utf8")).toBe(whole);
  });

  it("keeps the file a run wrote before it was killed removing its parts, and writes nothing for a run without a finished episode", async () => {
    const done = await killedRun("a", [[0, 1]]);
    await writeParquetFile(join(done, "returns.parquet"), [records(0, 5)], columns, "final");
    const empty = await killedRun("b", []);
    const repaired = await repairDatasets(runDir);
    expect(repaired.map((r) => [r.file, r.from, r.records])).toEqual([
      [join(done, "returns.parquet"), "complete", 0],
      [join(empty, "returns.parquet"), "parts", 0],
    ]);
    expect(await readDataset(join(done, "returns.parquet"))).toEqual(records(0, 5));
    expect(readdirSync(empty)).toEqual([]);
    expect(existsSync(join(done, "returns.parquet.parts"))).toBe(false);
  });

  it("cuts a torn last episode off the JSON Lines of a run that wrote no Parquet (no parts to find it by), keeping every finished one", async () => {
    const dataset = join(runDir, "shards/0/dataset");
    mkdirSync(dataset, { recursive: true });
    const whole = `${JSON.stringify({ episode: 0, step: 0 })}\n${JSON.stringify({ episode: 1, step: 0 })}\n`;
    writeFileSync(join(dataset, "transitions.jsonl"), `${whole}{"episode":2,"st`);
    writeFileSync(join(dataset, "candidates.jsonl"), whole);
    // Not the collector's: another file a node wrote is not a dataset to cut.
    writeFileSync(join(runDir, "trace.jsonl"), '{"type":"run.st');
    expect(await repairDatasets(runDir)).toEqual([{ file: join(dataset, "transitions.jsonl"), from: "jsonl-only", records: 0, cutBytes: 16 }]);
    expect(readFileSync(join(dataset, "transitions.jsonl"), "utf8")).toBe(whole);
    expect(readFileSync(join(dataset, "candidates.jsonl"), "utf8")).toBe(whole);
    expect(readFileSync(join(runDir, "trace.jsonl"), "utf8")).toBe('{"type":"run.st');
    expect(await repairDatasets(runDir)).toEqual([]);
  });

  it("cuts every stream back to the episodes the transitions' parts hold: each stream's parts were cut short at their own point", async () => {
    const dataset = join(runDir, "dataset");
    const stepColumns = new StreamColumns({ episode: "INT32", step: "INT32" }).list();
    const steps = (episodes: number[]) => episodes.map((episode) => ({ episode, step: 0 }));
    for (const [stream, episodes] of [["transitions", [0, 1, 2]], ["preferences", [0, 2, 3, 4]]] as const) {
      mkdirSync(join(dataset, `${stream}.parquet.parts`), { recursive: true });
      await writeParquetFile(join(dataset, `${stream}.parquet.parts`, partFileName(0, 0)), [steps([...episodes])], stepColumns, "part");
    }
    const repaired = await repairDatasets(runDir);
    expect(repaired).toEqual([
      { file: join(dataset, "transitions.parquet"), from: "parts", records: 3, cutBytes: 0 },
      { file: join(dataset, "preferences.parquet"), from: "parts", records: 2, cutBytes: 0, cutEpisodes: { after: 2, records: 2 } },
    ]);
    expect((await readDataset(join(dataset, "preferences.parquet"))).map((record) => record["episode"])).toEqual([0, 2]);
  });

  it("cuts the other streams' JSON Lines back to the transitions' whole episodes, where the transitions' last write was torn", async () => {
    const dataset = join(runDir, "dataset");
    mkdirSync(dataset, { recursive: true });
    const lines = (episodes: number[]) => episodes.map((episode) => `${JSON.stringify({ episode, step: 0 })}\n`).join("");
    writeFileSync(join(dataset, "transitions.jsonl"), `${lines([0, 1])}{"episode":2,"st`);
    writeFileSync(join(dataset, "candidates.jsonl"), lines([0, 1, 1, 2, 2]));
    expect(await repairDatasets(runDir)).toEqual([
      { file: join(dataset, "transitions.jsonl"), from: "jsonl-only", records: 0, cutBytes: 16 },
      { file: join(dataset, "candidates.jsonl"), from: "jsonl-only", records: 0, cutBytes: 0, cutEpisodes: { after: 1, records: 2 } },
    ]);
    expect(readFileSync(join(dataset, "candidates.jsonl"), "utf8")).toBe(lines([0, 1, 1]));
    expect(await repairDatasets(runDir)).toEqual([]);
  });
});
