import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FlushClock } from "./parquet-sink.js";
import { DatasetStream } from "./stream.js";
import { STREAM_COLUMNS } from "./streams.js";

describe("a 100,000-episode run", () => {
  const runDir = mkdtempSync(join(tmpdir(), "foresight-many-episodes-"));
  afterAll(() => rmSync(runDir, { recursive: true, force: true }));

  it("keeps at most 200 files in its dataset folder at any moment, and one file per stream at the end", async () => {
    // 500 episodes a second (the learned-Q V-GPS example's pace): 100,000 episodes take 200 s of the run's clock, so 200
    // flushes per stream, merged into parts of ten and a hundred (parquet-sink.test.ts takes the sink to 1,000 flushes).
    let now = 0;
    const clock: FlushClock = { intervalMs: 1000, now: () => now };
    const folder = join(runDir, "dataset");
    // Parquet only: JSON Lines adds one file per stream (counted below) and 300,000 writes that would make this test slow.
    const formats = ["parquet"] as const;
    const jsonlFiles = 3;
    const streams = (["transitions", "preferences", "candidates"] as const).map(
      (name) => new DatasetStream(name, folder, formats, STREAM_COLUMNS[name], clock),
    );
    let most = 0;
    for (let episode = 0; episode < 100_000; episode++) {
      // One small record per stream and episode keeps this fast; the count of files depends only on the count of parts.
      for (const stream of streams) {
        stream.add(episode, { episode, step: 0 }, `episode ${episode}`);
        stream.commitEpisode(episode);
      }
      now += 2;
      // The count changes only when parts are written, once every 500 episodes here; merges happen then too.
      // The Parquet thread writes them a little later: count once it has done what it was asked.
      if (episode % 500 === 0) {
        for (const stream of streams) await stream.settled();
        most = Math.max(most, readdirSync(folder, { recursive: true }).length + jsonlFiles);
      }
    }
    expect(most).toBeGreaterThan(6);
    expect(most).toBeLessThanOrEqual(200);
    for (const stream of streams) await stream.close();
    expect(readdirSync(folder).sort()).toEqual(["candidates.parquet", "preferences.parquet", "transitions.parquet"]);
  }, 60_000);
});
