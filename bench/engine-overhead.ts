/**
 * Engine overhead: the GridWorld value-guided pipeline (N=16 candidates, oracle Q, risk
 * filter, argmax executor) run by the engine at each trace level, and by a hand-written
 * loop calling the same node instances directly. Rounds alternate so drift hits both;
 * the medians of the round times give the ratio.  Run: npm run bench
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { builtinRegistry } from "../nodes/index.js";
import type { TraceLevel } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import type { EpisodeContext, StepContext } from "../runtime/node-kind.js";
import type { Transition } from "../runtime/ports.js";
import { validatePipeline, type ValidatedPipeline } from "../runtime/pipeline/validate.js";
import { deriveSeed, Rng } from "../runtime/rng.js";
import { resolveRunSettings, type RunSettings } from "../runtime/run-settings.js";
import { TraceWriter } from "../runtime/trace/trace-writer.js";
import { createModelCache } from "../runtime/inference/model-cache.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Outputs = Record<string, any>;

const EPISODES = Number(process.env["BENCH_EPISODES"] ?? 150);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 7);
const SEED = 1;
const workDir = mkdtempSync(join(tmpdir(), "foresight-bench-"));

function loadPipeline(): ValidatedPipeline {
  const doc = JSON.parse(readFileSync(new URL("../../examples/gridworld-vgps.foresight.json", import.meta.url), "utf8"));
  // The collector's file writes would be the same in both loops; leave them out to measure the engine.
  doc.nodes = doc.nodes.filter((n: { kind: string }) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e: { to: string }) => !e.to.startsWith("dataset."));
  const result = validatePipeline(doc, builtinRegistry());
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

/** The same nodes, wired by hand: no plan, no events, no trace. Returns env steps and executed actions. */
async function handWrittenLoop(pipeline: ValidatedPipeline): Promise<{ steps: number; actions: string }> {
  const byId = new Map(pipeline.nodes.map((n) => [n.spec.id, n]));
  const create = (id: string) =>
    byId.get(id)!.kind.create(byId.get(id)!.params, { nodeId: id, pipelineDir: ".", runDir: workDir, runSeed: SEED, models: createModelCache({ pipelineDir: "." }), log: () => {} });
  const [env, policy, sampler, q, risk, executor] = await Promise.all(["env", "policy", "sampler", "q", "risk", "executor"].map(create));
  const ids = ["env", "policy", "sampler", "q", "risk", "executor"];
  const signal = new AbortController().signal;
  const maxSteps = pipeline.pipeline.run.maxSteps;
  let steps = 0;
  const actions: unknown[] = [];
  for (let episode = 0; episode < EPISODES; episode++) {
    const rng = ids.map((id) => Rng.derive(SEED, episode, id));
    const ctx = (i: number, step: number): StepContext => ({ nodeId: ids[i]!, episode, step, rng: rng[i]!, signal });
    for (const [i, node] of [env, policy, sampler, q, risk, executor].entries()) {
      const begin: EpisodeContext = { episode, seed: deriveSeed(SEED, "episode", episode, ids[i]!), rng: rng[i]! };
      await node!.beginEpisode?.(begin);
    }
    for (let step = 0; step < maxSteps; step++) {
      const e = env!.run({}, ctx(0, step)) as Outputs;
      const p = policy!.run({ environment: e["environment"] }, ctx(1, step)) as Outputs;
      const s = sampler!.run({ distribution: p["distribution"] }, ctx(2, step)) as Outputs;
      const scored = q!.run({ candidates: s["candidates"], environment: e["environment"] }, ctx(3, step)) as Outputs;
      const kept = risk!.run({ candidates: scored["candidates"], environment: e["environment"] }, ctx(4, step)) as Outputs;
      const out = executor!.run({ candidates: kept["candidates"], environment: e["environment"] }, ctx(5, step)) as Outputs;
      const transition = out["transition"] as Transition;
      steps += transition.envSteps;
      actions.push(transition.action);
      if (transition.terminated || transition.truncated) break;
    }
  }
  return { steps, actions: JSON.stringify(actions) };
}

function settings(pipeline: ValidatedPipeline, trace: TraceLevel): RunSettings {
  return resolveRunSettings(pipeline.pipeline.run, { episodes: EPISODES, seed: SEED, trace });
}

/** The engine alone: events go nowhere (what a host that does not listen pays). */
async function engineAlone(pipeline: ValidatedPipeline): Promise<{ steps: number; actions: string }> {
  const result = await runPipeline(pipeline, { runId: "bench", pipelineDir: ".", runDir: workDir, settings: settings(pipeline, "off") });
  return { steps: result.episodes.reduce((s, e) => s + e.envSteps, 0), actions: "" };
}

/** The engine writing trace.jsonl at a detail level, as `foresight run` does. */
async function engine(pipeline: ValidatedPipeline, level: TraceLevel): Promise<{ steps: number; actions: string }> {
  const trace = new TraceWriter(join(workDir, `trace-${level}.jsonl`));
  const actions: unknown[] = [];
  const result = await runPipeline(pipeline, {
    runId: "bench",
    pipelineDir: ".",
    runDir: workDir,
    settings: settings(pipeline, level),
    onEvent: (event) => {
      trace.write(event);
      if (event.type === "step.end") actions.push(event.action);
    },
  });
  trace.close();
  rmSync(trace.path);
  return { steps: result.episodes.reduce((s, e) => s + e.envSteps, 0), actions: level === "off" ? "" : JSON.stringify(actions) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(fn: () => Promise<{ steps: number; actions: string }>) {
  const start = performance.now();
  const out = await fn();
  return { ms: performance.now() - start, ...out };
}

const pipeline = loadPipeline();
const levels: TraceLevel[] = ["off", "steps", "full"];
const times: Record<string, number[]> = { hand: [], alone: [], off: [], steps: [], full: [] };
let steps = 0;
await handWrittenLoop(pipeline); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  const hand = await timed(() => handWrittenLoop(pipeline));
  times["hand"]!.push(hand.ms);
  steps = hand.steps;
  const reference = hand.actions;
  times["alone"]!.push((await timed(() => engineAlone(pipeline))).ms);
  for (const level of levels) {
    const run = await timed(() => engine(pipeline, level));
    times[level]!.push(run.ms);
    if (run.steps !== hand.steps || (run.actions && run.actions !== reference)) throw new Error(`engine at trace "${level}" did not play the same episodes`);
  }
}
rmSync(workDir, { recursive: true, force: true });

const handMs = median(times["hand"]!);
console.log(`engine overhead — gridworld-vgps, N=16 candidates, ${EPISODES} episodes (${steps} steps) per round, median of ${ROUNDS} rounds`);
console.log(`${"loop".padEnd(22)}${"ms/round".padStart(10)}${"steps/s".padStart(12)}${"ratio".padStart(9)}`);
const row = (name: string, ms: number) =>
  console.log(`${name.padEnd(22)}${ms.toFixed(1).padStart(10)}${Math.round((steps / ms) * 1000).toLocaleString("en-US").padStart(12)}${(ms / handMs).toFixed(3).padStart(9)}`);
row("hand-written", handMs);
row("engine, no listener", median(times["alone"]!));
for (const level of levels) row(`engine + trace ${level}`, median(times[level]!));
console.log("goal: ratio ≤ 1.05 for the engine alone (its own overhead); the trace rows add the cost of writing trace.jsonl at each detail level");
