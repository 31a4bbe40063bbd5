/**
 * The shopping task's speed: the environment stepped by a bare loop (scripted proposals, first
 * proposal taken), the shopping-scripted pipeline's nodes called by a hand-written loop, and the
 * same pipeline run by the engine without a listener and writing trace.jsonl at "steps" and "full";
 * then the look-ahead pipeline (each step simulates every distinct candidate to its purchase) by
 * the engine. Rounds alternate the order so drift hits every row; medians give the ratios.
 * Goal: the engine with this environment ≥ 1,000 steps/s (what a cached-LLM rerun will need).
 * Run: npm run build && node dist/bench/shopping-env.js
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { builtinRegistry } from "../nodes/index.js";
import { createEnvironment } from "../nodes/environment/environments.js";
import type { TraceLevel } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import type { Environment } from "../runtime/environment.js";
import { createModelCache } from "../runtime/inference/model-cache.js";
import type { StepContext } from "../runtime/node-kind.js";
import type { Transition } from "../runtime/ports.js";
import { validatePipeline, type ValidatedPipeline } from "../runtime/pipeline/validate.js";
import { deriveSeed, Rng } from "../runtime/rng.js";
import { resolveRunSettings } from "../runtime/run-settings.js";
import { TraceWriter } from "../runtime/trace/trace-writer.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Outputs = Record<string, any>;

const EPISODES = Number(process.env["BENCH_EPISODES"] ?? 1000);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 7);
const SEED = 1;
const workDir = mkdtempSync(join(tmpdir(), "foresight-bench-shop-"));
const examples = fileURLToPath(new URL("../../examples/", import.meta.url));

function loadPipeline(file: string): ValidatedPipeline {
  const doc = JSON.parse(readFileSync(join(examples, file), "utf8"));
  doc.nodes = doc.nodes.filter((n: { kind: string }) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e: { to: string }) => !e.to.startsWith("dataset."));
  const result = validatePipeline(doc, builtinRegistry(), { pipelineDir: examples });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

const scripted = loadPipeline("shopping-scripted.foresight.json");
const lookahead = loadPipeline("shopping-lookahead.foresight.json");
const maxSteps = scripted.pipeline.run.maxSteps;
const envParams = scripted.nodes.find((n) => n.spec.id === "env")!.params;

/** The environment alone: reset, then the first scripted proposal until it buys or runs out of steps. */
async function environmentAlone(): Promise<number> {
  const env: Environment = createEnvironment(envParams as never, { pipelineDir: examples, purpose: "run" });
  let steps = 0;
  for (let episode = 0; episode < EPISODES; episode++) {
    env.reset(deriveSeed(SEED, "episode", episode, "env"));
    for (let step = 0; step < maxSteps && !env.done; step++) {
      env.step(env.naiveProposals!().actions[0]!);
      steps++;
    }
  }
  return steps;
}

/** The pipeline's nodes wired by hand: no plan, no events, no trace. */
async function handWritten(): Promise<number> {
  const ids = ["env", "policy", "sampler", "executor"];
  const byId = new Map(scripted.nodes.map((n) => [n.spec.id, n]));
  const models = createModelCache({ pipelineDir: examples });
  const [env, policy, sampler, executor] = await Promise.all(
    ids.map((id) => byId.get(id)!.kind.create(byId.get(id)!.params, { nodeId: id, pipelineDir: examples, runDir: workDir, runSeed: SEED, models, log: () => {} })),
  );
  const signal = new AbortController().signal;
  let steps = 0;
  for (let episode = 0; episode < EPISODES; episode++) {
    const rngs = ids.map((id) => Rng.derive(SEED, episode, id));
    const ctx = (i: number, step: number): StepContext => ({ nodeId: ids[i]!, episode, step, rng: rngs[i]!, signal });
    for (const [i, node] of [env, policy, sampler, executor].entries()) {
      await node!.beginEpisode?.({ episode, seed: deriveSeed(SEED, "episode", episode, ids[i]!), rng: rngs[i]! });
    }
    for (let step = 0; step < maxSteps; step++) {
      const e = (await env!.run({}, ctx(0, step))) as Outputs;
      const p = (await policy!.run({ environment: e["environment"] }, ctx(1, step))) as Outputs;
      const s = (await sampler!.run({ distribution: p["distribution"] }, ctx(2, step))) as Outputs;
      const out = (await executor!.run({ candidates: s["candidates"], environment: e["environment"] }, ctx(3, step))) as Outputs;
      const transition = out["transition"] as Transition;
      steps += transition.envSteps;
      if (transition.terminated || transition.truncated) break;
    }
  }
  return steps;
}

let traces = 0;
/** The engine, with no listener ("off") or writing trace.jsonl at `level` as `foresight run` does. */
async function engine(pipeline: ValidatedPipeline, level: TraceLevel): Promise<number> {
  const trace = level === "off" ? undefined : new TraceWriter(join(workDir, `trace-${traces++}.jsonl`));
  const result = await runPipeline(pipeline, {
    runId: "bench",
    pipelineDir: examples,
    runDir: workDir,
    settings: resolveRunSettings(pipeline.pipeline.run, { episodes: EPISODES, seed: SEED, trace: level }),
    ...(trace ? { onEvent: trace.write } : {}),
  });
  trace?.close();
  if (trace) rmSync(trace.path);
  if (result.status !== "completed") throw new Error(`${pipeline.pipeline.name} ${result.status}: ${result.failure?.message ?? ""}`);
  return result.episodes.reduce((sum, e) => sum + e.envSteps, 0);
}

const rows: { name: string; run: () => Promise<number> }[] = [
  { name: "environment alone", run: environmentAlone },
  { name: "nodes, hand-written", run: handWritten },
  { name: "engine, no listener", run: () => engine(scripted, "off") },
  { name: "engine + trace steps", run: () => engine(scripted, "steps") },
  { name: "engine + trace full", run: () => engine(scripted, "full") },
  { name: "look-ahead, no listener", run: () => engine(lookahead, "off") },
  { name: "look-ahead + trace full", run: () => engine(lookahead, "full") },
];
const times = rows.map(() => [] as number[]);
const steps = rows.map(() => 0);
for (const row of rows) await row.run(); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  const order = rows.map((_, i) => i);
  if (round % 2 === 1) order.reverse();
  for (const i of order) {
    const start = performance.now();
    steps[i] = await rows[i]!.run();
    times[i]!.push(performance.now() - start);
  }
}
rmSync(workDir, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = times.map(median);
const rate = (i: number) => (steps[i]! / ms[i]!) * 1000;
console.log(`shopping task — shopping-scripted (one candidate a step) and shopping-lookahead, ${EPISODES} episodes per row, median of ${ROUNDS} rounds`);
console.log(`${"loop".padEnd(26)}${"steps".padStart(8)}${"ms/round".padStart(10)}${"steps/s".padStart(10)}${"× env alone".padStart(13)}${"× engine".padStart(10)}`);
rows.forEach((row, i) => {
  const perStepVsEnv = ms[i]! / steps[i]! / (ms[0]! / steps[0]!);
  const perStepVsEngine = ms[i]! / steps[i]! / (ms[2]! / steps[2]!);
  console.log(
    `${row.name.padEnd(26)}${String(steps[i]).padStart(8)}${ms[i]!.toFixed(1).padStart(10)}${Math.round(rate(i)).toLocaleString("en-US").padStart(10)}${perStepVsEnv.toFixed(2).padStart(13)}${perStepVsEngine.toFixed(2).padStart(10)}`,
  );
});
console.log("(× columns: time per step relative to that row; the look-ahead rows simulate every distinct candidate up to 6 steps per real step)");
console.log(`goal: engine with the shopping task ≥ 1,000 steps/s — engine, no listener: ${Math.round(rate(2)).toLocaleString("en-US")}; with trace full: ${Math.round(rate(4)).toLocaleString("en-US")}`);
