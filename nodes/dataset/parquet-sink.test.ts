import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { parquetMetadata } from "hyparquet";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DatasetRecord } from "./columns.js";
import { readParquetFile } from "./parquet-io.js";
import { listParts, partFileName } from "./parquet-parts.js";
import { ParquetSink, type FlushClock } from "./parquet-sink.js";
import { parquetThread, ParquetThread } from "./parquet-thread.js";
import { readParts } from "./read-dataset.js";

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "foresight-parquet-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** A clock that moves only when the test says so. */
function manualClock(intervalMs = 1000): FlushClock & { advance(ms: number): void } {
  let now = 0;
  return { intervalMs, now: () => now, advance: (ms) => (now += ms) };
}

const declared = { episode: "INT32", step: "INT32", reward: "DOUBLE" } as const;
const episodeRecords = (episode: number, steps = 2): DatasetRecord[] =>
  Array.from({ length: steps }, (_, step) => ({ episode, step, reward: episode + step / 10 }));

/**
 * The sink as a stream drives it: an episode's records go over as their JSON lines, appended first
 * to a JSON Lines file the sink reads them from (`jsonl`), else handed over.
 */
function sinkInThread(clock: FlushClock, thread?: ParquetThread, jsonl = false) {
  const jsonlFile = jsonl ? join(folder, "transitions.jsonl") : undefined;
  if (jsonlFile) writeFileSync(jsonlFile, "");
  const sink = new ParquetSink(join(folder, "transitions.parquet"), declared, clock, jsonlFile, thread);
  sink.start();
  return {
    writeEpisode(records: readonly DatasetRecord[]) {
      const bytes = Buffer.from(records.map((record) => `${JSON.stringify(record)}\n`).join(""));
      if (jsonlFile) appendFileSync(jsonlFile, bytes);
      sink.writeEpisode(bytes, bytes.length);
    },
    settled: () => sink.settled(),
    close: () => sink.close(),
  };
}

/** 2,000 records encoded into the draft, then one with a column they lack: the final file has it, null before. */
async function expectLateColumnWithNulls(sink: ReturnType<typeof sinkInThread>): Promise<void> {
  const early = Array.from({ length: 2000 }, (_, step) => ({ episode: 0, step, reward: 1 }));
  sink.writeEpisode(early);
  await sink.settled();
  sink.writeEpisode([{ episode: 1, step: 0, reward: 2, note: "late" }]);
  await sink.close();
  expect(await readParquetFile(join(folder, "transitions.parquet"))).toEqual([
    ...early.map((record) => ({ ...record, note: null })),
    { episode: 1, step: 0, reward: 2, note: "late" },
  ]);
}

const sinkIn = (clock: FlushClock) => sinkInThread(clock);

const partNames = () => readdirSync(join(folder, "transitions.parquet.parts")).sort();

const placements = [
  ["on the Parquet thread", () => undefined],
  ["on the run's thread (no core left for another)", () => parquetThread(availableParallelism())],
] as const;

describe.each(placements)("the Parquet sink, encoding %s", (_, thread) => {
  const sinkIn = (clock: FlushClock) => sinkInThread(clock, thread());

  it("writes a part at most once per interval, holding every episode finished since the one before", async () => {
    const clock = manualClock();
    const sink = sinkIn(clock);
    for (const episode of [0, 1, 2]) sink.writeEpisode(episodeRecords(episode));
    await sink.settled();
    expect(partNames()).toEqual([]);
    clock.advance(1000);
    sink.writeEpisode(episodeRecords(3));
    sink.writeEpisode(episodeRecords(4));
    await sink.settled();
    expect(partNames()).toEqual([partFileName(0, 0)]);
    expect(await readParts(join(folder, "transitions.parquet.parts"))).toEqual([0, 1, 2, 3].flatMap((e) => episodeRecords(e)));
  });

  it("merges ten parts of one size into one, and ten of those into one, keeping the order", async () => {
    const clock = manualClock();
    const sink = sinkIn(clock);
    for (let episode = 0; episode < 109; episode++) {
      clock.advance(1000);
      sink.writeEpisode(episodeRecords(episode));
    }
    await sink.settled();
    expect(partNames()).toEqual([partFileName(0, 99), ...Array.from({ length: 9 }, (_, i) => partFileName(100 + i, 100 + i))]);
    const all = Array.from({ length: 109 }, (_, e) => episodeRecords(e)).flat();
    expect(await readParts(join(folder, "transitions.parquet.parts"))).toEqual(all);
  });

  it("writes the parts and the episodes not yet in one into one file on close, in order, and removes the parts", async () => {
    const clock = manualClock();
    const sink = sinkIn(clock);
    for (let episode = 0; episode < 25; episode++) {
      if (episode % 2 === 0) clock.advance(1000);
      sink.writeEpisode(episodeRecords(episode));
    }
    await sink.close();
    expect(readdirSync(folder)).toEqual(["transitions.parquet"]);
    expect(await readParquetFile(join(folder, "transitions.parquet"))).toEqual(Array.from({ length: 25 }, (_, e) => episodeRecords(e)).flat());
  });

  it("keeps at most nine parts of each size: 27 over 1,000 flushes, each record once", async () => {
    const clock = manualClock();
    const sink = sinkIn(clock);
    let most = 0;
    for (let episode = 0; episode < 1000; episode++) {
      clock.advance(1000);
      sink.writeEpisode([{ episode, step: 0, reward: 0 }]);
      await sink.settled();
      most = Math.max(most, partNames().length);
    }
    expect(most).toBe(27);
    await sink.close();
    const episodes = (await readParquetFile(join(folder, "transitions.parquet"))).map((r) => r["episode"]);
    expect(episodes).toEqual(Array.from({ length: 1000 }, (_, e) => e));
  });
});

describe("the final file, drafted on the Parquet thread as the lines come", () => {
  it("holds every line in order as row groups that grow from 1,024 rows, with NaN as null as in the JSON Lines", async () => {
    const sink = sinkIn(manualClock());
    const records: DatasetRecord[] = [];
    for (let episode = 0; episode < 300; episode++) {
      const episodeRows = Array.from({ length: 10 }, (_, step) => ({ episode, step, reward: step === 3 ? Number.NaN : episode / 7 }));
      sink.writeEpisode(episodeRows);
      records.push(...episodeRows);
    }
    await sink.close();
    const file = join(folder, "transitions.parquet");
    expect(readdirSync(folder)).toEqual(["transitions.parquet"]);
    expect(await readParquetFile(file)).toEqual(records.map((record) => ({ ...record, reward: Number.isNaN(record.reward) ? null : record.reward })));
    const bytes = readFileSync(file);
    const groups = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).row_groups.map((group) => Number(group.num_rows));
    expect(groups.slice(0, 2)).toEqual([1024, 1024]);
    expect(groups.reduce((sum, rows) => sum + rows, 0)).toBe(3000);
  });

  it("is written from the parts instead when a column appears after the draft began, null where it was absent", async () => {
    await expectLateColumnWithNulls(sinkIn(manualClock()));
  });
});

describe("the Parquet sink beside a JSON Lines file", () => {
  const sinkWithJsonl = () => sinkInThread(manualClock(), undefined, true);

  it("writes no part (the JSON Lines file is the killed run's copy) and the final file on close", async () => {
    const sink = sinkWithJsonl();
    for (const episode of [0, 1, 2]) sink.writeEpisode(episodeRecords(episode));
    await sink.settled();
    expect(partNames()).toEqual([]);
    await sink.close();
    expect(readdirSync(folder).sort()).toEqual(["transitions.jsonl", "transitions.parquet"]);
    expect(await readParquetFile(join(folder, "transitions.parquet"))).toEqual([0, 1, 2].flatMap((e) => episodeRecords(e)));
  });

  it("is written from the JSON Lines file when a column appears after the draft began, null where it was absent", async () => {
    await expectLateColumnWithNulls(sinkWithJsonl());
  });
});

describe("where Parquet is encoded", () => {
  it("on the process's Parquet thread while a core is left beside the run's threads, else on the run's own thread, one of each", () => {
    const cores = availableParallelism();
    if (cores > 1) expect(parquetThread(1)).toBe(parquetThread(cores - 1));
    expect(parquetThread(cores)).toBe(parquetThread(cores + 1));
    expect(parquetThread(cores)).not.toBe(parquetThread(cores > 1 ? 1 : 0));
  });
});

describe("listing parts", () => {
  it("skips the parts a merge left behind when it was cut short, and temporary files", () => {
    for (const name of [partFileName(0, 9), partFileName(0, 0), partFileName(9, 9), partFileName(10, 10), ".part-000011-000011.parquet.tmp-1a2b3c4d"]) {
      writeFileSync(join(folder, name), "");
    }
    expect(listParts(folder).map((part) => [part.first, part.last])).toEqual([
      [0, 9],
      [10, 10],
    ]);
  });
});
