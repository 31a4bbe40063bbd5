import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DatasetCollector } from "./collector.js";
import type { FlushClock } from "./parquet-sink.js";
import { fedStep } from "./testing/episodes.js";

/** Every file and folder below `folder`. */
function countEntries(folder: string): number {
  return readdirSync(folder, { recursive: true }).length;
}

describe("a 100,000-episode run", () => {
  const runDir = mkdtempSync(join(tmpdir(), "foresight-many-episodes-"));
  afterAll(() => rmSync(runDir, { recursive: true, force: true }));

  it("keeps at most 200 files in its dataset folder at any moment, and one file per stream and format at the end", async () => {
    // 100 episodes a second (a fast pipeline): 100,000 episodes take 1,000 s of the run's clock, so 1,000 flushes.
    let now = 0;
    const clock: FlushClock = { intervalMs: 1000, now: () => now };
    const folder = join(runDir, "dataset");
    const collector = new DatasetCollector({
      folder,
      transitions: true,
      preferences: true,
      candidates: true,
      formats: ["jsonl", "parquet"],
      scoreColumn: "q",
      log: () => {},
      parquetFlush: clock,
    });
    let most = 0;
    for (let episode = 0; episode < 100_000; episode++) {
      collector.beginEpisode();
      collector.recordStep(fedStep(episode, 0, 1), { episode, step: 0 });
      await collector.endEpisode({ episode, status: "completed", steps: 1, return: 0, success: false });
      now += 10;
      // The count changes only when parts are written, once every 100 episodes here; merges happen then too.
      if (episode % 100 === 99) most = Math.max(most, countEntries(folder));
    }
    expect(most).toBeLessThanOrEqual(200);
    await collector.close();
    expect(readdirSync(folder).sort()).toEqual([
      "candidates.jsonl",
      "candidates.parquet",
      "preferences.jsonl",
      "preferences.parquet",
      "transitions.jsonl",
      "transitions.parquet",
    ]);
  }, 60_000);
});
