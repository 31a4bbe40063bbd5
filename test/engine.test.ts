import { describe, expect, it } from "vitest";
import { RunControl } from "../runtime/engine/control.js";
import { TIMING_FIELDS, type RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { summariseRun } from "../runtime/summary.js";
import type { ValidatedPipeline } from "../runtime/pipeline/validate.js";
import { delayLog, testRegistry } from "./fixtures/test-kinds.js";
import { example, insertBefore, playOptions, validated, type PipelineDoc } from "./fixtures/pipelines.js";

const registry = testRegistry();

function withoutDataset(doc: PipelineDoc): PipelineDoc {
  doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
  return doc;
}

async function record(pipeline: ValidatedPipeline, extra: Parameters<typeof playOptions>[1] = {}): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  await runPipeline(pipeline, playOptions(pipeline, { ...extra, onEvent: (e) => events.push(e) }));
  return events;
}

function stripTiming(events: readonly RunEvent[]): unknown[] {
  return events.map((event) => Object.fromEntries(Object.entries(event).filter(([key]) => !(TIMING_FIELDS as readonly string[]).includes(key))));
}

const executed = (events: readonly RunEvent[]) =>
  events.flatMap((e) => (e.type === "step.end" ? [`${e.episode}:${e.step}:${JSON.stringify(e.action)}`] : []));

describe("engine", () => {
  it("gives an identical trace (apart from timing fields) for the same file and seed", async () => {
    const pipeline = validated(withoutDataset(example("gridworld-vgps")), registry);
    const a = await record(pipeline, { episodes: 5, seed: 7 });
    const b = await record(pipeline, { episodes: 5, seed: 7 });
    expect(a.length).toBeGreaterThan(50);
    expect(stripTiming(a)).toEqual(stripTiming(b));
    const c = await record(pipeline, { episodes: 5, seed: 8 });
    expect(executed(c)).not.toEqual(executed(a));
  });

  it("plays each episode the same whatever order episodes run in", async () => {
    const pipeline = validated(withoutDataset(example("gridworld-lookahead")), registry);
    const serial = await runPipeline(pipeline, playOptions(pipeline, { episodes: 6, seed: 3 }));
    const reversed = await runPipeline(pipeline, playOptions(pipeline, { seed: 3, episodeIndices: [5, 4, 3, 2, 1, 0] }));
    const strip = (e: { ms: number }) => ({ ...e, ms: 0 });
    expect(reversed.episodes.map(strip).reverse()).toEqual(serial.episodes.map(strip));
  });

  it("does not change other nodes' draws when a node is added", async () => {
    const base = withoutDataset(example("gridworld-vgps"));
    const extended = withoutDataset(example("gridworld-vgps"));
    extended.nodes.push({ id: "extra", kind: "sampler", params: { n: 5 } });
    extended.edges.push({ from: "policy.distribution", to: "extra.distribution" });
    const a = await record(validated(base, registry), { episodes: 4, seed: 11, trace: "steps" });
    const b = await record(validated(extended, registry), { episodes: 4, seed: 11, trace: "steps" });
    expect(executed(b)).toEqual(executed(a));
  });

  it("traces each episode's scene and each step's observation (trace version 2)", async () => {
    const doc = withoutDataset(example("gridworld-vgps"));
    doc.nodes[0]!.params["map"] = "random";
    const events = await record(validated(doc, registry), { episodes: 3, seed: 5, trace: "steps" });
    expect(events[0]).toMatchObject({ type: "run.start", traceVersion: 4 });
    const scenes = events.flatMap((e) => (e.type === "episode.start" ? [e.scene] : []));
    expect(scenes).toHaveLength(3);
    expect(scenes[0]).toMatchObject({
      kind: "gridworld",
      slip: 0.1,
      actions: [
        { label: "up", delta: [-1, 0] },
        { label: "right", delta: [0, 1] },
        { label: "down", delta: [1, 0] },
        { label: "left", delta: [0, -1] },
      ],
    });
    // Generated maps differ per episode, so the scene does too.
    expect(new Set(scenes.map((scene) => JSON.stringify(scene))).size).toBe(3);
    for (const [episode, scene] of scenes.entries()) {
      const rows = (scene as { rows: string[]; map: string }).rows;
      const steps = events.filter((e) => e.type === "step.end" && e.episode === episode);
      const start = rows.flatMap((row, r) => (row.includes("S") ? [[r, row.indexOf("S")]] : []))[0];
      // Step 0 decided at the start; every later step where the one before it left the agent.
      expect(steps[0]).toMatchObject({ step: 0, observation: { agent: start, map: (scene as { map: string }).map } });
      for (const e of steps) expect(e.type === "step.end" && e.envSteps).toBe(1);
    }
    const full = await record(validated(doc, registry), { episodes: 1, seed: 5, trace: "full" });
    expect(full.filter((e) => e.type === "step.end").every((e) => e.type === "step.end" && e.observation !== undefined)).toBe(true);
  });

  it("runs independent asynchronous nodes concurrently", async () => {
    const doc = withoutDataset(example("gridworld-vgps"));
    insertBefore(doc, "executor.candidates", { id: "slowA", kind: "delay", params: { ms: 20 } });
    doc.nodes.push({ id: "slowB", kind: "delay", params: { ms: 20 } });
    doc.edges.push({ from: "risk.candidates", to: "slowB.candidates" });
    delayLog.length = 0;
    await runPipeline(validated(doc, registry), playOptions(validated(doc, registry), { episodes: 1, seed: 1, trace: "off" }));
    expect(delayLog.slice(0, 4)).toEqual(["start slowA", "start slowB", "end slowA", "end slowB"]);
  });

  it("names node, episode and step of an error, and ends the episode or the run as the file says", async () => {
    const doc = withoutDataset(example("gridworld-vgps"));
    insertBefore(doc, "executor.candidates", { id: "boom", kind: "fail", params: { episode: 1, step: 2 } });
    const endEpisode = await record(validated(doc, registry), { episodes: 3, seed: 1, trace: "off" });
    const error = endEpisode.find((e) => e.type === "node.error");
    expect(error).toMatchObject({ node: "boom", kind: "fail", episode: 1, step: 2, ends: "episode", message: "deliberate failure" });
    const ends = endEpisode.filter((e) => e.type === "episode.end").map((e) => (e.type === "episode.end" ? e.status : ""));
    expect(ends).toEqual(["completed", "error", "completed"]);

    doc.run["onNodeError"] = "endRun";
    const result = await runPipeline(validated(doc, registry), playOptions(validated(doc, registry), { episodes: 3, seed: 1, trace: "off" }));
    expect(result.status).toBe("failed");
    expect(result.failure).toMatchObject({ node: "boom", episode: 1, step: 2 });
    expect(result.episodes).toHaveLength(2);
  });

  it("names the node that returned no value for an output another node reads, or not an object of its outputs, or not a table, with episode and step", async () => {
    const errorOf = async (returns: string) => {
      const doc = withoutDataset(example("gridworld-vgps"));
      insertBefore(doc, "executor.candidates", { id: "hole", kind: "fail", params: { episode: 1, step: 2, returns } });
      const events = await record(validated(doc, registry), { episodes: 2, seed: 1, trace: "off" });
      return events.find((e) => e.type === "node.error");
    };
    const at = { node: "hole", kind: "fail", episode: 1, step: 2 };
    expect(await errorOf("empty")).toMatchObject({ ...at, message: 'the node returned no value for its output "candidates" (it returned an empty object)' });
    expect(await errorOf("misspelt")).toMatchObject({ ...at, message: 'the node returned no value for its output "candidates" (it returned "cands")' });
    // These two blamed the next node (the executor), or no node at all.
    expect(await errorOf("undefined")).toMatchObject({ ...at, message: "run returned undefined: it must return an object of its outputs ({ candidates: … })" });
    expect(await errorOf("array")).toMatchObject({ ...at, message: expect.stringMatching(/^output "candidates" is an array of 3, not a candidate table: /) });
  });

  it("pauses, single-steps and stops through the control object", async () => {
    const pipeline = validated(withoutDataset(example("gridworld-vgps")), registry);
    const control = new RunControl();
    const steps: number[] = [];
    // Resolved when the engine has settled into a pause (after Pause, or after Step's one step): it waits from then on.
    let settle: () => void = () => {};
    const settled = () => new Promise<void>((resolve) => (settle = resolve));
    control.onPaused(() => settle());
    /** Stands paused for at least 50 ms (no step taken meanwhile), then calls `then` (step or stop); answers how long it stood, as timed here. */
    const stand = async (then: () => void) => {
      const since = performance.now();
      const before = steps.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(steps).toHaveLength(before);
      const stood = performance.now() - since;
      then();
      return stood;
    };
    let paused = settled();
    const run = runPipeline(
      pipeline,
      playOptions(pipeline, {
        episodes: 1000,
        seed: 2,
        trace: "steps",
        control,
        onEvent: (e) => {
          if (e.type !== "step.end") return;
          steps.push(e.step);
          if (steps.length === 3) control.pause();
        },
      }),
    );
    await paused;
    expect(steps).toHaveLength(3);
    paused = settled();
    const first = await stand(() => control.step());
    await paused;
    expect(steps).toHaveLength(4);
    const second = await stand(() => control.stop());
    const result = await run;
    expect(result.status).toBe("stopped");
    expect(steps).toHaveLength(4);
    expect(result.episodes.at(-1)!.status).toBe("stopped");
    // It stood paused twice, each time from before this test started its clock until after it stepped or
    // stopped: counted apart (at least as long as timed here), and its speed is over the time it ran.
    expect(first + second).toBeGreaterThanOrEqual(90);
    expect(result.pausedMs).toBeGreaterThanOrEqual(first + second);
    expect(result.pausedMs!).toBeLessThan(result.wallMs);
    const summary = summariseRun(result, { pipeline: "p", runId: "r", seed: 2, traceLevel: "steps", episodesRequested: 1000 });
    expect(summary.stepsPerSecond).toBeCloseTo((summary.steps / (result.wallMs - result.pausedMs!)) * 1000);
  });

  it("records an episode stopped in a world that says nothing of success as null, not a failure; in GridWorld, as not reached", async () => {
    for (const [name, expected] of [["pendulum-random", null], ["gridworld-vgps", false]] as const) {
      const pipeline = validated(withoutDataset(example(name)), registry);
      const control = new RunControl();
      const run = runPipeline(pipeline, playOptions(pipeline, { episodes: 1_000_000, seed: 2, trace: "off", control }));
      setTimeout(() => control.stop(), 100);
      const stopped = (await run).episodes.at(-1)!;
      expect(stopped.status).toBe("stopped");
      expect(stopped.success, name).toBe(expected);
    }
  });

  it("stops promptly while running synchronous steps", async () => {
    const pipeline = validated(withoutDataset(example("gridworld-vgps")), registry);
    const control = new RunControl();
    const run = runPipeline(pipeline, playOptions(pipeline, { episodes: 1_000_000, seed: 2, trace: "off", control }));
    setTimeout(() => control.stop(), 100);
    const result = await run;
    expect(result.status).toBe("stopped");
    expect(result.episodes.length).toBeLessThan(1_000_000);
  });
});
