import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useEditorServer } from "./fixtures/editor-server.js";

const session = useEditorServer();

const EPISODES = 200;
const STEP_LINE_BYTES = 1000;
const STEPS_PER_EPISODE = 1000;

/** A run folder whose trace is EPISODES × STEPS_PER_EPISODE × 1 kB (about 200 MB) of per-step lines. */
function writeLargeRun(root: string): string {
  const dir = join(root, "runs", "large");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "pipeline.foresight.json"), readFileSync("examples/gridworld-vgps.foresight.json"));
  const fd = openSync(join(dir, "trace.jsonl"), "w");
  try {
    const start = { type: "run.start", t: 0, runId: "large", pipeline: "large", startedAt: "2026-01-01T00:00:00.000Z", episodes: EPISODES, seed: 0, traceLevel: "steps" };
    writeSync(fd, `${JSON.stringify(start)}\n`);
    for (let episode = 0; episode < EPISODES; episode++) {
      const lines = [`${JSON.stringify({ type: "episode.start", t: 0, episode, seed: episode })}\n`];
      for (let step = 0; step < STEPS_PER_EPISODE; step++) {
        const head = JSON.stringify({ type: "step.end", t: 0, episode, step }).slice(0, -1);
        lines.push(`${head},"pad":"${"x".repeat(STEP_LINE_BYTES - head.length - 11)}"}\n`);
      }
      lines.push(`${JSON.stringify({ type: "episode.end", t: 0, episode, steps: STEPS_PER_EPISODE, return: 1, success: true, status: "completed" })}\n`);
      writeSync(fd, lines.join(""));
    }
  } finally {
    closeSync(fd);
  }
  return "runs/large";
}

describe("foresight serve: a large trace is indexed off the request path", () => {
  it("answers other requests while the first openRun of a 200 MB trace indexes it", async () => {
    const runDir = writeLargeRun(session.editor.root);
    const { api } = session;
    let opened = false;
    const open = api.openRun(runDir).then((record) => {
      opened = true;
      return record;
    });
    // Each of these would wait for the whole index if it were built in one go (then none is answered before it).
    let answeredWhileIndexing = 0;
    while (!opened) {
      await api.listFiles();
      if (!opened) answeredWhileIndexing++;
    }
    expect(answeredWhileIndexing).toBeGreaterThanOrEqual(1);
    const record = await open;
    expect(record.episodes).toHaveLength(EPISODES);
    expect((await api.readEpisode(runDir, EPISODES - 1)).filter((e) => e.type === "step.end")).toHaveLength(STEPS_PER_EPISODE);
  }, 60_000);
});
