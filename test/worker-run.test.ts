import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunEvent } from "../runtime/engine/events.js";
import type { WorkerRunRequest } from "../host/worker-protocol.js";
import { BATCHES_IN_FLIGHT } from "../host/live-event-buffer.js";
import type { startWorkerRun as StartWorkerRun, WorkerRun } from "../host/worker-run.js";

// A worker thread runs JavaScript: use the build (npm test builds first).
const { startWorkerRun } = (await import(resolve("dist/host/worker-run.js"))) as { startWorkerRun: typeof StartWorkerRun };

function request(name: string, extra: Partial<WorkerRunRequest> = {}): WorkerRunRequest {
  const pipelineFile = resolve(`examples/${name}.foresight.json`);
  return { doc: JSON.parse(readFileSync(pipelineFile, "utf8")), pipelineFile, outDir: mkdtempSync(join(tmpdir(), "foresight-worker-")), ...extra };
}

describe("a run in a worker thread", () => {
  it("streams the engine's events in batches and ends with the run folder and summary", async () => {
    const batches: RunEvent[][] = [];
    const run = startWorkerRun(request("gridworld-vgps-onnx", { overrides: { episodes: 20, seed: 4, trace: "steps" } }), (events) => batches.push(events));
    const outcome = await run.done;
    if (!outcome.ok) throw new Error(outcome.problems.join("\n"));
    const events = batches.flat();
    expect(batches.length).toBeGreaterThan(1);
    expect(events[0]!.type).toBe("run.start");
    expect(events.at(-1)).toMatchObject({ type: "run.end", status: "completed", episodes: 20 });
    expect(events.find((e) => e.type === "model.load")).toMatchObject({ node: "q", provider: "cpu" });
    expect(outcome.summary.episodes).toBe(20);
    const onDisk = readFileSync(join(outcome.runDir, "trace.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line).type);
    // Every event the host heard but the steps' step.start, which is live only.
    expect(onDisk).toEqual(events.map((e) => e.type).filter((type) => type !== "step.start"));
  });

  it("pauses, single-steps and stops on the host's word", async () => {
    let steps = 0;
    let started: () => void = () => {};
    const reachedStep = new Promise<void>((r) => (started = r));
    // Settled into a pause (after pause(), or after step()'s one step): the worker sends every event it had first.
    let settle: () => void = () => {};
    const settled = () => new Promise<void>((r) => (settle = r));
    const run = startWorkerRun(
      request("gridworld-vgps", { overrides: { episodes: 100_000, trace: "steps" } }),
      (events) => {
        steps += events.filter((e) => e.type === "step.end").length;
        if (steps > 0) started();
      },
      () => settle(),
    );
    await reachedStep;
    let paused = settled();
    run.pause();
    await paused;
    const atPause = steps;
    // Paused, it stays so: nothing more comes in a while.
    await new Promise((r) => setTimeout(r, 300));
    expect(steps).toBe(atPause);
    paused = settled();
    run.step();
    await paused;
    expect(steps).toBe(atPause + 1);
    run.stop();
    const outcome = await run.done;
    expect(outcome.ok && outcome.summary.status).toBe("stopped");
  });

  it("keeps a host slower than the run unburied: step detail left out while it is behind, every other event kept, Stop heard at once", async () => {
    const batches: { events: RunEvent[]; dropped: number }[] = [];
    let batchesAtStop = -1;
    const run: WorkerRun = startWorkerRun(request("gridworld-vgps", { overrides: { episodes: 100_000, seed: 3, trace: "full" } }), (events, dropped) => {
      batches.push({ events, dropped });
      // A host thread busy 100 ms a batch (a browser to feed): the run at trace full is much faster.
      for (const until = performance.now() + 100; performance.now() < until; );
      if (batches.length === 15) {
        run.stop();
        batchesAtStop = batches.length;
      }
    });
    const outcome = await run.done;
    if (!outcome.ok) throw new Error(outcome.problems.join("\n"));
    // No backlog: after Stop, the batches in flight and the run's last one, not seconds of queued events.
    expect(batches.length - batchesAtStop).toBeLessThanOrEqual(BATCHES_IN_FLIGHT + 2);
    const received = batches.flatMap((batch) => batch.events);
    const dropped = batches.reduce((sum, batch) => sum + batch.dropped, 0);
    expect(dropped).toBeGreaterThan(0);
    const trace = readFileSync(join(outcome.runDir, "trace.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as RunEvent);
    // The file has every event but the steps' step.start (live only): one a step.end, and one more where Stop came mid-step.
    const starts = received.length + dropped - trace.length;
    const steps = trace.filter((e) => e.type === "step.end").length;
    expect(starts).toBeGreaterThanOrEqual(steps);
    expect(starts).toBeLessThanOrEqual(steps + 1);
    const notStepDetail = (e: RunEvent) => !["node.start", "node.end", "step.start", "step.end"].includes(e.type);
    expect(received.filter(notStepDetail)).toEqual(trace.filter(notStepDetail));
    expect(received.at(-1)).toMatchObject({ type: "run.end", status: "stopped" });
  });

  it("answers an invalid pipeline with its problems", async () => {
    const bad = request("gridworld-vgps");
    (bad.doc as { nodes: { params: Record<string, unknown> }[] }).nodes[2]!.params["n"] = 0;
    const outcome = await startWorkerRun(bad, () => {}).done;
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.problems[0]).toContain('#/nodes/2/params/n (node "sampler")');
  });
});
