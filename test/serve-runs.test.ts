import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunEnded, RunEvent, WebSocketTransport } from "../protocol/index.js";
import { useEditorServer } from "./fixtures/editor-server.js";
import type { EditablePipeline } from "./fixtures/foresight-process.js";
import { sleep, until } from "./fixtures/wait.js";

const session = useEditorServer();

const VGPS = "examples/gridworld-vgps.foresight.json";
const vgps = (): EditablePipeline => JSON.parse(readFileSync(VGPS, "utf8"));

/** Everything a client hears about runs, by run id. */
function listen(transport: WebSocketTransport) {
  const batches = new Map<string, RunEvent[][]>();
  const ends = new Map<string, RunEnded>();
  transport.onRunEvents((runId, events) => batches.set(runId, [...(batches.get(runId) ?? []), events]));
  transport.onRunEnded((end) => ends.set(end.runId, end));
  return {
    batches: (runId: string) => batches.get(runId) ?? [],
    steps: (runId: string) => (batches.get(runId) ?? []).flat().filter((e) => e.type === "step.end").length,
    async ended(runId: string): Promise<RunEnded> {
      while (!ends.has(runId)) await sleep(20);
      return ends.get(runId)!;
    },
  };
}

describe("foresight serve: runs", () => {
  it("runs the editor's document in a worker: run.events batches to every client, then run.ended with the summary and a run folder under <root>/runs", async () => {
    const other = await session.editor.connect();
    const mine = listen(session.api);
    const theirs = listen(other);
    const doc = vgps();
    doc.nodes[2].params.n = 8; // an unsaved edit: the run must use it
    // Enough episodes for several batches whatever the machine's speed (a batch holds at most 1000 events).
    const { runId } = await session.api.startRun(doc, VGPS, { episodes: 200, seed: 3, traceLevel: "steps" });
    const ended = await mine.ended(runId);
    if (ended.outcome !== "finished") throw new Error(JSON.stringify(ended));
    const events = mine.batches(runId).flat();
    expect(mine.batches(runId).length).toBeGreaterThan(1);
    expect(events[0]).toMatchObject({ type: "run.start", seed: 3, episodes: 200, traceLevel: "steps" });
    expect(events.at(-1)).toMatchObject({ type: "run.end", status: "completed", episodes: 200 });
    expect(ended.summary).toMatchObject({ status: "completed", episodes: 200, seed: 3, pipeline: "gridworld-vgps" });
    expect(ended.runDir).toMatch(/^runs\/gridworld-vgps-/);
    const runDir = join(session.editor.root, ended.runDir);
    expect(JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"))).toEqual(JSON.parse(JSON.stringify(ended.summary)));
    expect(JSON.parse(readFileSync(join(runDir, "pipeline.foresight.json"), "utf8")).nodes[2].params.n).toBe(8);
    const onDisk = readFileSync(join(runDir, "trace.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line).type);
    // Every event the clients heard but the steps' step.start, which is live only.
    expect(onDisk).toEqual(events.map((e) => e.type).filter((type) => type !== "step.start"));
    expect((await theirs.ended(runId)).outcome).toBe("finished");
    expect(theirs.batches(runId).flat()).toEqual(events);
  });

  it("pauses, single-steps and stops a run", async () => {
    const run = listen(session.api);
    const { runId } = await session.api.startRun(vgps(), VGPS, { episodes: 100_000, traceLevel: "steps" });
    while (run.steps(runId) === 0) await sleep(20);
    await session.api.controlRun(runId, "pause");
    // Paused once the count holds still (events already on their way may still arrive; a busy machine delays them).
    let atPause = run.steps(runId);
    for (let tries = 0; tries < 20; tries++) {
      await sleep(300);
      if (run.steps(runId) === atPause) break;
      atPause = run.steps(runId);
    }
    await sleep(300);
    expect(run.steps(runId)).toBe(atPause);
    await session.api.controlRun(runId, "step");
    await until(() => run.steps(runId) > atPause);
    await sleep(300);
    expect(run.steps(runId)).toBe(atPause + 1);
    await session.api.controlRun(runId, "resume");
    await until(() => run.steps(runId) > atPause + 1);
    await session.api.controlRun(runId, "stop");
    const ended = await run.ended(runId);
    expect(ended.outcome === "finished" && ended.summary.status).toBe("stopped");
    expect(ended.outcome === "finished" && existsSync(join(session.editor.root, ended.runDir, "summary.json"))).toBe(true);
    await expect(session.api.controlRun(runId, "resume")).rejects.toThrow(`no run "${runId}"`);
  });

  it("ends an invalid pipeline's run with its problems, before any worker starts", async () => {
    const run = listen(session.api);
    const doc = vgps();
    doc.nodes[2].params.n = 0;
    const { runId } = await session.api.startRun(doc, VGPS);
    const ended = await run.ended(runId);
    expect(ended.outcome).toBe("invalid");
    expect(ended.outcome === "invalid" && ended.problems[0]).toMatchObject({ code: "bad-param", pointer: "/nodes/2/params/n", nodeId: "sampler" });
    expect(run.batches(runId)).toEqual([]);
  });
});
