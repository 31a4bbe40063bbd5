/**
 * Engine overhead: the GridWorld value-guided pipeline (N=16 candidates, oracle Q, risk
 * filter, argmax executor) run by the engine at each trace level, and by a hand-written
 * loop calling the same node instances directly; and the learned-Q V-GPS pipeline (ONNX
 * Q-model) with and without its Dataset collector (JSON Lines + Parquet). Rounds alternate
 * so drift hits every row; the wall-time ratios are medians of each round's ratios (times: medians).  Run: npm run bench
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance, PerformanceObserver } from "node:perf_hooks";
import { builtinRegistry } from "../nodes/index.js";
import type { TraceLevel } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import type { EpisodeContext, StepContext } from "../runtime/node-kind.js";
import type { Transition } from "../runtime/ports.js";
import { validatePipeline, type ValidatedPipeline } from "../runtime/pipeline/validate.js";
import { deriveSeed, Rng } from "../runtime/rng.js";
import { resolveRunSettings, type RunSettings } from "../runtime/run-settings.js";
import { TraceWriter, type TraceThreading } from "../runtime/trace/trace-writer.js";
import { createModelCache } from "../runtime/inference/model-cache.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Outputs = Record<string, any>;

const EPISODES = Number(process.env["BENCH_EPISODES"] ?? 400);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 9);
/** BENCH_ROWS=engine: only the engine and trace rows; BENCH_ROWS=collector: only the dataset collector's (the learned-Q pipeline with and without it). */
const ROWS = process.env["BENCH_ROWS"] ?? "all";
const engineRows = ROWS !== "collector";
const collectorRows = ROWS !== "engine";
const SEED = 1;
const workDir = mkdtempSync(join(tmpdir(), "foresight-bench-"));

const examples = fileURLToPath(new URL("../../examples/", import.meta.url));

/** An example pipeline, with or without its Dataset collector. */
function loadPipeline(file: string, withDataset: boolean): ValidatedPipeline {
  const doc = JSON.parse(readFileSync(join(examples, file), "utf8"));
  if (!withDataset) {
    doc.nodes = doc.nodes.filter((n: { kind: string }) => n.kind !== "dataset");
    doc.edges = doc.edges.filter((e: { to: string }) => !e.to.startsWith("dataset."));
  }
  const result = validatePipeline(doc, builtinRegistry(), { pipelineDir: examples });
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

/**
 * The learned-Q pipeline, as many episodes as the others, in a run folder of its own (the collector
 * writes there): with no listener, or writing trace.jsonl at the file's own level as `foresight run` does.
 */
let learnedRuns = 0;
const finishedRunDirs: string[] = [];
async function learnedQ(pipeline: ValidatedPipeline, traced: boolean): Promise<{ steps: number; actions: string }> {
  const runDir = join(workDir, `learned-q-${learnedRuns++}`);
  mkdirSync(runDir);
  const trace = traced ? new TraceWriter(join(runDir, "trace.jsonl")) : undefined;
  const result = await runPipeline(pipeline, {
    runId: "bench",
    pipelineDir: examples,
    runDir,
    settings: settings(pipeline, traced ? pipeline.pipeline.run.trace : "off"),
    ...(trace ? { onEvent: trace.write } : {}),
  });
  trace?.close();
  if (result.status !== "completed") throw new Error(`the learned-Q pipeline ${result.status}: ${result.failure?.message ?? ""}`);
  // Removed after the run is timed (learnedRound): deleting the dataset files is the bench's housekeeping, not the run's work.
  finishedRunDirs.push(runDir);
  return { steps: result.episodes.reduce((s, e) => s + e.envSteps, 0), actions: "" };
}

/** The engine alone: events go nowhere (what a host that does not listen pays). */
async function engineAlone(pipeline: ValidatedPipeline): Promise<{ steps: number; actions: string }> {
  const result = await runPipeline(pipeline, { runId: "bench", pipelineDir: ".", runDir: workDir, settings: settings(pipeline, "off") });
  return { steps: result.episodes.reduce((s, e) => s + e.envSteps, 0), actions: "" };
}

/** The engine writing trace.jsonl at a detail level, as `foresight run` does (by default: on the writer thread once the trace is long enough). */
async function engine(pipeline: ValidatedPipeline, level: TraceLevel, threading: TraceThreading = "auto"): Promise<{ steps: number; actions: string }> {
  const trace = new TraceWriter(join(workDir, `trace-${level}.jsonl`), threading);
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

/**
 * CPU time of this (the run's) thread alone, where Linux tells it (10 ms ticks; NaN elsewhere): with the
 * trace's writer thread or the collector's Parquet thread, what the run's thread spends is the wall time on a
 * machine with a core to spare.
 */
function runThreadCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** The median of the rounds' ratios a / b: rows of one round ran side by side, so the machine's drift between rounds cancels. */
const pairedRatio = (a: number[], b: number[]) => median(a.map((x, round) => x / b[round]!));

/** Wall time, the process's CPU time (all its threads: ONNX Runtime's too), which a busy machine disturbs less, and the run's thread's. */
async function timed(fn: () => Promise<{ steps: number; actions: string }>) {
  const cpu = process.cpuUsage();
  const ownCpu = runThreadCpuMs();
  const start = performance.now();
  const out = await fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, ownCpuMs: runThreadCpuMs() - ownCpu, ...out };
}

const pipeline = loadPipeline("gridworld-vgps.foresight.json", false);
const learned = { without: loadPipeline("gridworld-vgps-onnx.foresight.json", false), with: loadPipeline("gridworld-vgps-onnx.foresight.json", true) };
const levels: TraceLevel[] = ["off", "steps", "full"];
/** Each level written by the run's thread alone (as before the writer thread), side by side. */
const otherWriters: [TraceLevel, TraceThreading][] = [
  ["steps", "in-thread"],
  ["full", "in-thread"],
];
const rowKeys = ["hand", "alone", ...levels, ...otherWriters.map(([level, threading]) => `${level} ${threading}`)];
const times: Record<string, number[]> = Object.fromEntries(rowKeys.map((key) => [key, []]));
const cpuTimes: Record<string, number[]> = Object.fromEntries(rowKeys.map((key) => [key, []]));
const ownCpuTimes: Record<string, number[]> = Object.fromEntries(rowKeys.map((key) => [key, []]));
const learnedVariants = [
  { name: "without the collector, trace off", pipeline: learned.without, traced: false },
  { name: "with it, trace off", pipeline: learned.with, traced: false },
  { name: `without the collector, trace ${learned.with.pipeline.run.trace}`, pipeline: learned.without, traced: true },
  { name: `with it, trace ${learned.with.pipeline.run.trace}`, pipeline: learned.with, traced: true },
];
const learnedTimes = learnedVariants.map(() => [] as number[]);
const learnedCpuTimes = learnedVariants.map(() => [] as number[]);
/** The run's thread's CPU time over all rounds: the collector encodes Parquet on a thread of its own, which the process's CPU time includes. */
const learnedOwnCpuMs = learnedVariants.map(() => 0);
/**
 * Garbage collection's pauses on the run's thread over all rounds: steadier than times on a shared machine,
 * it shows what records kept alive cost (lockstep lanes keep dozens of episodes in progress).
 */
const learnedGcMs = learnedVariants.map(() => 0);
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ["gc"] });
let steps = 0;
let learnedSteps = 0;
if (engineRows) await handWrittenLoop(pipeline); // warm-up
if (collectorRows) await learnedQ(learned.with, true);
for (let round = 0; round < ROUNDS; round++) {
  if (engineRows) await engineRound();
  if (collectorRows) await learnedRound(round);
}

/** One round of the engine's rows: the hand loop, the engine alone and each trace level. */
async function engineRound(): Promise<void> {
  const record = (key: string, run: { ms: number; cpuMs: number; ownCpuMs: number }) => {
    times[key]!.push(run.ms);
    cpuTimes[key]!.push(run.cpuMs);
    ownCpuTimes[key]!.push(run.ownCpuMs);
  };
  const hand = await timed(() => handWrittenLoop(pipeline));
  record("hand", hand);
  steps = hand.steps;
  const reference = hand.actions;
  record("alone", await timed(() => engineAlone(pipeline)));
  for (const level of levels) {
    const run = await timed(() => engine(pipeline, level));
    record(level, run);
    if (run.steps !== hand.steps || (run.actions && run.actions !== reference)) throw new Error(`engine at trace "${level}" did not play the same episodes`);
  }
  for (const [level, threading] of otherWriters) record(`${level} ${threading}`, await timed(() => engine(pipeline, level, threading)));
}

/** One round of the collector's rows, in alternating order. */
async function learnedRound(round: number): Promise<void> {
  // Alternate the order, so neither of a pair always runs on a warmer machine.
  const order = learnedVariants.map((_, i) => i);
  if (round % 2 === 1) order.reverse();
  for (const i of order) {
    // The observer hears of a collection after it ended, on a later turn: a turn before each reading lets it.
    await new Promise((resolve) => setImmediate(resolve));
    const gcBefore = gcMs;
    const run = await timed(() => learnedQ(learnedVariants[i]!.pipeline, learnedVariants[i]!.traced));
    await new Promise((resolve) => setImmediate(resolve));
    learnedGcMs[i]! += gcMs - gcBefore;
    learnedOwnCpuMs[i]! += run.ownCpuMs;
    for (const dir of finishedRunDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    learnedTimes[i]!.push(run.ms);
    learnedCpuTimes[i]!.push(run.cpuMs);
    if (learnedSteps !== 0 && run.steps !== learnedSteps) throw new Error("the learned-Q pipeline played different episodes with and without its collector");
    learnedSteps = run.steps;
  }
}
rmSync(workDir, { recursive: true, force: true });

const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString("en-US");
const microsPerStep = (n: number, ms: number) => ((ms * 1000) / n).toFixed(1);
if (engineRows) printEngineRows();
if (collectorRows) printCollectorRows();

function printEngineRows(): void {
  const aloneCpuMs = median(cpuTimes["alone"]!);
  const aloneOwnCpuMs = median(ownCpuTimes["alone"]!);
  console.log(`engine overhead — gridworld-vgps, N=16 candidates, ${EPISODES} episodes (${steps} steps) per round, median of ${ROUNDS} rounds`);
  console.log(
    `${"loop".padEnd(22)}${"ms/round".padStart(10)}${"steps/s".padStart(12)}${"× hand".padStart(9)}${"× engine".padStart(10)}${"CPU µs/step".padStart(13)}${"CPU × engine".padStart(14)}` +
      `${"run's thread".padStart(14)}${"× engine".padStart(10)}`,
  );
  const row = (name: string, key: string) => {
    const ms = median(times[key]!);
    const cpuMs = median(cpuTimes[key]!);
    const ownCpuMs = median(ownCpuTimes[key]!);
    console.log(
      `${name.padEnd(22)}${ms.toFixed(1).padStart(10)}${perSecond(steps, ms).padStart(12)}${pairedRatio(times[key]!, times["hand"]!).toFixed(3).padStart(9)}${pairedRatio(times[key]!, times["alone"]!).toFixed(3).padStart(10)}` +
        `${microsPerStep(steps, cpuMs).padStart(13)}${(cpuMs / aloneCpuMs).toFixed(3).padStart(14)}` +
        `${microsPerStep(steps, ownCpuMs).padStart(14)}${(ownCpuMs / aloneOwnCpuMs).toFixed(3).padStart(10)}`,
    );
  };
  row("hand-written", "hand");
  row("engine, no listener", "alone");
  for (const level of levels) row(`engine + trace ${level}`, level);
  for (const [level, threading] of otherWriters) row(`  ${level}, ${threading}`, `${level} ${threading}`);
  console.log("goals: engine alone ≤ 1.05 × hand (its own overhead); trace steps ≤ 1.5 × and full ≤ 4 × the engine alone (writing trace.jsonl)");
  console.log("CPU: all the process's threads (the trace's writer thread too); run's thread: CPU µs/step of the run's thread alone (Linux, 10 ms ticks a round).");
  console.log("The trace goes to the writer thread after 256 KiB; the indented rows: written by the run's thread alone, side by side.");
  console.log("");
}

function printCollectorRows(): void {
  console.log(`dataset collector — gridworld-vgps-onnx (learned Q, N=16), ${EPISODES} episodes (${learnedSteps} steps) per round, median of ${ROUNDS} rounds`);
  console.log(
    `${"pipeline".padEnd(38)}${"ms/round".padStart(10)}${"steps/s".padStart(12)}${"speed".padStart(9)}${"CPU µs/step".padStart(13)}${"CPU speed".padStart(11)}` +
      `${"run's thread µs/step".padStart(22)}${"GC µs/step".padStart(12)}`,
  );
  learnedVariants.forEach((variant, i) => {
    const ms = median(learnedTimes[i]!);
    const cpuMs = median(learnedCpuTimes[i]!);
    // Each "with" row's speed is relative to the "without" row just above it.
    const without = i % 2 === 0 ? i : i - 1;
    const withoutCpuMs = median(learnedCpuTimes[without]!);
    console.log(
      `${variant.name.padEnd(38)}${ms.toFixed(1).padStart(10)}${perSecond(learnedSteps, ms).padStart(12)}${pairedRatio(learnedTimes[without]!, learnedTimes[i]!).toFixed(3).padStart(9)}` +
        `${microsPerStep(learnedSteps, cpuMs).padStart(13)}${(withoutCpuMs / cpuMs).toFixed(3).padStart(11)}` +
        `${(Number.isNaN(learnedOwnCpuMs[i]) ? "-" : microsPerStep(learnedSteps * ROUNDS, learnedOwnCpuMs[i]!)).padStart(22)}` +
        `${microsPerStep(learnedSteps * ROUNDS, learnedGcMs[i]!).padStart(12)}`,
    );
  });
  console.log("goal: with the collector (JSON Lines + Parquet) ≥ 0.9 × the speed without it (speed: steps/s relative to the row above)");
  console.log("CPU: the process's (all threads: ONNX Runtime's, the Parquet thread's); run's thread: the CPU time of the thread the run plays on, all rounds");
  console.log("GC: garbage collection's pauses on the run's thread, all rounds (the Parquet thread's heap is its own)");
}
