import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import { DatasetCollector } from "./collector.js";
import type { FlushClock } from "./parquet-sink.js";
import { ParquetThread } from "./parquet-thread.js";
import { readParts } from "./read-dataset.js";
import { fedStep } from "./testing/episodes.js";

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "foresight-collector-flush-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** Waits until the parts folder holds a part (the thread writes it a little after it is due; at most 10 s). */
async function firstPart(parts: string): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 10) {
    if (existsSync(parts) && readdirSync(parts).some((name) => name.startsWith("part-"))) return;
    await sleep(10);
  }
  throw new Error(`no part in ${parts}`);
}

describe("the collector's Parquet parts, without JSON Lines", () => {
  it("flushes every stream at once, transitions last: once the transitions' part is on disk, the preferences' parts hold its episodes' pairs", async () => {
    let now = 0;
    const clock: FlushClock = { intervalMs: 1000, now: () => now };
    const options = { folder, transitions: true, preferences: true, candidates: false, formats: ["parquet"] as const, scoreColumn: "q", log() {} };
    const collector = new DatasetCollector({ ...options, parquetFlush: clock, parquetThread: new ParquetThread(true) });
    // Episode 0 has a pair; episode 1 none (equal scores), so the preferences stream is handed nothing when the flush is due.
    collector.recordStep(fedStep(0, 0, 2), { episode: 0, step: 0 });
    await collector.endEpisode({ episode: 0, status: "completed", steps: 1, return: 0, success: false });
    now += 1000;
    collector.recordStep({ ...fedStep(1, 0, 2), candidates: CandidateTable.of([0, 1], { q: [1, 1] }) }, { episode: 1, step: 0 });
    await collector.endEpisode({ episode: 1, status: "completed", steps: 1, return: 0, success: false });
    await firstPart(join(folder, "transitions.parquet.parts"));
    const transitions = await readParts(join(folder, "transitions.parquet.parts"));
    const preferences = await readParts(join(folder, "preferences.parquet.parts"));
    expect(transitions.map((record) => record["episode"])).toEqual([0, 1]);
    expect(preferences.map((record) => [record["episode"], record["step"]])).toEqual([[0, 0]]);
  });
});
