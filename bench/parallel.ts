/**
 * What worker threads and episodes in lockstep buy: the learned-Q V-GPS pipeline as shipped
 * (examples/gridworld-vgps-onnx.foresight.json), with and without its Dataset collector, at trace
 * `off` and `steps`, played by executeRun into run folders
 *   - serial: in this thread, one episode at a time, as `foresight run` does by default
 *     (`--workers 1`, K = 1);
 *   - lockstep 8, lockstep 64: K episodes together in this thread (`--lockstep K`), each Q-model
 *     call batching their K states;
 *   - 2 workers: `--workers 2`, this thread and one worker thread claiming chunks of episodes
 *     (host/parallel-episodes.ts), the worker started first thing in the process as the CLI starts
 *     it (host/episode-worker-standby.ts);
 *   - 2 workers late (only when named in BENCH_RUNNERS): the same with the worker started when the
 *     run starts, as before workers were started ahead.
 * Each run is a fresh process (this file again, BENCH_CASE set), timed from spawn to exit, as a user
 * times `foresight run`: a run in a process that has already played episodes would find its code
 * compiled and warm, which flatters the serial run. Every round plays all of them side by side (the
 * order turning each round), so the machine's drift hits all alike; the medians of the rounds' ratios are printed with their quartiles, and
 * the load average (`uptime`) at each round's start, since a busy machine caps what 2 workers can gain.
 * Wall time needs two free cores to show what 2 workers gain; CPU time does not: on two idle cores
 * 2 workers take at best CPU(2 workers) / 2 (both threads busy to the end), so the table also gives
 * wall(serial) / (CPU(2 workers) / 2), the most those CPU times allow (the serial run's helper
 * threads already use part of the second core, so not its CPU time), and where the CPU went by
 * thread (bench/thread-cpu.ts: this thread, V8's background threads, helper threads, ended workers).
 * Run: npm run bench:parallel
 * Env: BENCH_EPISODES (1000), BENCH_ROUNDS (5), BENCH_RUNNERS (a comma-separated subset of the
 * runners above, e.g. "serial,lockstep 8,lockstep 64"; default all).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { prestartEpisodeWorkers } from "../host/episode-worker-standby.js";
import { threadCpu, threadIds, type ThreadCpu } from "./thread-cpu.js";
import type { TraceLevel } from "../runtime/engine/events.js";
import type { EpisodeRunner } from "../runtime/execute-run.js";
import type { Pipeline as PipelineDocument } from "../runtime/pipeline/schema.js";
import type { ValidatedPipeline } from "../runtime/pipeline/validate.js";

const asChild = process.env["BENCH_CASE"];
// Node's own threads, before any of ours start.
const nodeThreads = threadIds();
// As `foresight run --workers 2` does (launch/foresight.ts): the worker loads its modules while this thread loads its own, below.
if (asChild && (JSON.parse(asChild) as { runner: string }).runner === "2 workers") prestartEpisodeWorkers(1);
const { parallelEpisodes } = await import("../host/parallel-episodes.js");
const { builtinRegistry } = await import("../nodes/index.js");
const { executeRun } = await import("../runtime/execute-run.js");
const { validatePipeline } = await import("../runtime/pipeline/validate.js");

const EPISODES = Number(process.env["BENCH_EPISODES"] ?? 1000);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 5);

const root = fileURLToPath(new URL("../../", import.meta.url));
const pipelineFile = join(root, "examples/gridworld-vgps-onnx.foresight.json");
const shipped = JSON.parse(readFileSync(pipelineFile, "utf8")) as PipelineDocument;

function validated(doc: PipelineDocument): ValidatedPipeline {
  const checked = validatePipeline(doc, builtinRegistry(), { pipelineDir: join(root, "examples") });
  if (!checked.ok) throw new Error(`${pipelineFile}: ${checked.problems[0]?.message}`);
  return checked.value;
}
/** The shipped pipeline less its Dataset collector (a sink: nothing downstream reads it). */
function withoutCollector(doc: PipelineDocument): PipelineDocument {
  const dropped = new Set(doc.nodes.filter((n) => n.kind === "dataset").map((n) => n.id));
  return { ...doc, nodes: doc.nodes.filter((n) => !dropped.has(n.id)), edges: doc.edges.filter((e) => !dropped.has(e.to.split(".")[0]!)) };
}

const pipelines = { "with collector": validated(shipped), "without collector": validated(withoutCollector(shipped)) };
/** How each runner plays: on worker threads, and how many episodes in lockstep on each thread. */
const allRunners: Record<string, { runner?: EpisodeRunner; lockstep: number }> = {
  serial: { lockstep: 1 },
  "lockstep 8": { lockstep: 8 },
  "lockstep 64": { lockstep: 64 },
  "2 workers": { runner: parallelEpisodes(2), lockstep: 1 },
  // The worker started only when the run starts (as before workers were started ahead): what starting ahead buys.
  "2 workers late": { runner: parallelEpisodes(2), lockstep: 1 },
};
const chosen = process.env["BENCH_RUNNERS"]?.split(",").map((name) => name.trim()) ?? Object.keys(allRunners).filter((name) => name !== "2 workers late");
const unknown = chosen.filter((name) => !(name in allRunners));
if (unknown.length > 0) throw new Error(`BENCH_RUNNERS: no runner ${unknown.map((name) => `"${name}"`).join(", ")}; the runners are ${Object.keys(allRunners).join(", ")}`);
const runners = Object.fromEntries(chosen.map((name) => [name, allRunners[name]!]));
const traces: TraceLevel[] = ["off", "steps"];

/** Plays one case in this process (a child of the bench) and exits. */
async function playCase(spec: { pipeline: keyof typeof pipelines; trace: TraceLevel; runner: string; episodes: number; outDir: string }): Promise<void> {
  const run = await executeRun({
    validated: pipelines[spec.pipeline],
    pipelineFile,
    outDir: spec.outDir,
    overrides: { episodes: spec.episodes, seed: 1, trace: spec.trace, lockstep: allRunners[spec.runner]!.lockstep },
    ...(allRunners[spec.runner]!.runner ? { runner: allRunners[spec.runner]!.runner! } : {}),
  });
  if (run.summary.status !== "completed" || run.summary.episodes + run.summary.episodesFailed !== spec.episodes) throw new Error(`run ${run.runDir}: ${run.summary.status}`);
  rmSync(run.runDir, { recursive: true, force: true });
}
if (asChild) {
  await playCase(JSON.parse(asChild));
  // The CPU time of every thread of this process (ONNX Runtime's included), for the parent.
  const { user, system } = process.cpuUsage();
  process.stdout.write(JSON.stringify({ cpuMs: (user + system) / 1000, threads: threadCpu(nodeThreads) }));
  process.exit(0);
}

const scratch = mkdtempSync(join(tmpdir(), "foresight-bench-parallel-"));
interface Case {
  pipeline: keyof typeof pipelines;
  trace: TraceLevel;
  runner: string;
  times: number[];
  /** CPU milliseconds of each round's process: on a busy machine steadier than wall time, which waits for a core. */
  cpu: number[];
  /** The same split by thread (bench/thread-cpu.ts), where /proc tells. */
  threads: ThreadCpu[];
}
const cases: Case[] = [];
for (const pipeline of Object.keys(pipelines) as (keyof typeof pipelines)[]) {
  for (const trace of traces) for (const runner of Object.keys(runners)) cases.push({ pipeline, trace, runner, times: [], cpu: [], threads: [] });
}
/** One case's run in a fresh process: its wall time from spawn to exit, and the CPU time it reports. */
function play(c: Case, episodes: number): { wall: number; cpu: number; threads?: ThreadCpu } {
  const start = performance.now();
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_CASE: JSON.stringify({ pipeline: c.pipeline, trace: c.trace, runner: c.runner, episodes, outDir: scratch }) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`${c.pipeline}, trace ${c.trace}, ${c.runner}: exit ${child.status}`);
  const wall = performance.now() - start;
  const reported = JSON.parse(child.stdout.toString()) as { cpuMs: number; threads?: ThreadCpu };
  return { wall, cpu: reported.cpuMs, ...(reported.threads ? { threads: reported.threads } : {}) };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
console.log(`parallel episodes: ${EPISODES} episodes of ${shipped.name}, ${ROUNDS} rounds, ${availableParallelism()} cores, load average at start ${load()}`);
// Reads the modules and models once into the page cache: the first process would pay for all.
play(cases[0]!, 20);
const loads: string[] = [];
for (let round = 0; round < ROUNDS; round++) {
  loads.push(load());
  for (const c of round % 2 === 0 ? cases : [...cases].reverse()) {
    const { wall, cpu, threads } = play(c, EPISODES);
    c.times.push(wall);
    c.cpu.push(cpu);
    if (threads) c.threads.push(threads);
  }
}
rmSync(scratch, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Median and quartiles of the rounds' ratios a / b. */
function ratio(a: number[], b: number[]): string {
  const sorted = a.map((t, i) => t / b[i]!).sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `${at(0.5).toFixed(2)}× [${at(0.25).toFixed(2)}, ${at(0.75).toFixed(2)}]`;
}
const find = (pipeline: string, trace: TraceLevel, runner: string, metric: "times" | "cpu" = "times") => cases.find((c) => c.pipeline === pipeline && c.trace === trace && c.runner === runner)![metric];
const seconds = (xs: number[]) => `${(median(xs) / 1000).toFixed(2)} s`.padStart(8);

console.log(`load average (1, 5, 15 min) at each round's start: ${loads.map((l) => `[${l}]`).join(" ")}`);
const has = (...names: string[]) => names.every((name) => name in runners);
/** A table of the chosen runners' times and the ratios of the given pairs (a / b: above 1, b is faster). */
function table(names: string[], pairs: [string, string][], metric: "times" | "cpu" = "times", idleBound = false): void {
  const shown = names.filter((name) => name in runners);
  const ratios = pairs.filter(([a, b]) => has(a, b));
  const bound = idleBound ? [`wall ${pairs[0]![0]} / (${pairs[0]![1]} / 2)`] : [];
  console.log("");
  console.log(`| pipeline | trace | ${shown.join(" | ")} | ${[...ratios.map(([a, b]) => `${a} / ${b}`), ...bound].join(" | ")} |`);
  console.log(`| --- | --- | ${[...shown, ...ratios, ...bound].map(() => "---:").join(" | ")} |`);
  for (const pipeline of Object.keys(pipelines)) {
    for (const trace of traces) {
      const times = shown.map((name) => seconds(find(pipeline, trace, name, metric)));
      const quotients = ratios.map(([a, b]) => ratio(find(pipeline, trace, a, metric), find(pipeline, trace, b, metric)));
      // The serial run's wall time: its helper threads already use part of the second core.
      if (idleBound) quotients.push(ratio(find(pipeline, trace, pairs[0]![0]), find(pipeline, trace, pairs[0]![1], metric).map((cpu) => cpu / 2)));
      console.log(`| ${pipeline} | ${trace} | ${times.join(" | ")} | ${quotients.join(" | ")} |`);
    }
  }
}
/** Medians of each part of the runners' CPU time (bench/thread-cpu.ts), in seconds. */
function threadTable(names: string[]): void {
  const shown = names.filter((name) => name in runners);
  if (cases.some((c) => c.threads.length === 0)) return;
  console.log("\nWhere that CPU time went (medians, s): this thread | V8's background threads (optimising compiler, GC; every isolate's) | helper threads alive at the end (Parquet, trace writer, ONNX Runtime) | threads ended before (episode workers; each thread's figure is rounded down to 10 ms, so up to ~0.08 s of the others lands here):");
  console.log("");
  console.log(`| pipeline | trace | ${shown.join(" | ")} |`);
  console.log(`| --- | --- | ${shown.map(() => "---:").join(" | ")} |`);
  const part = (xs: ThreadCpu[], key: keyof ThreadCpu) => (median(xs.map((x) => x[key])) / 1000).toFixed(2);
  for (const pipeline of Object.keys(pipelines)) {
    for (const trace of traces) {
      const cells = shown.map((name) => {
        const xs = cases.find((c) => c.pipeline === pipeline && c.trace === trace && c.runner === name)!.threads;
        return (["main", "v8", "helpers", "ended"] as const).map((key) => part(xs, key)).join(" / ");
      });
      console.log(`| ${pipeline} | ${trace} | ${cells.join(" | ")} |`);
    }
  }
}
if (has("serial", "2 workers")) {
  const shown = ["serial", "2 workers", "2 workers late"];
  const pairs: [string, string][] = [["serial", "2 workers"], ["serial", "2 workers late"]];
  table(shown, pairs);
  console.log("\nCPU time of the same processes (all threads), and the speed-up it allows on two idle cores, wall(serial) / (CPU(2 workers) / 2):");
  table(shown, pairs, "cpu", true);
  threadTable(shown);
}
if (has("serial") && (has("lockstep 8") || has("lockstep 64"))) {
  table(["serial", "lockstep 8", "lockstep 64"], [["serial", "lockstep 8"], ["serial", "lockstep 64"]]);
  // One thread's work (ONNX Runtime runs one intra-op thread): its CPU time is what its wall time would be on a free core.
  console.log("\nCPU time of the same processes (all threads):");
  table(["serial", "lockstep 8", "lockstep 64"], [["serial", "lockstep 8"], ["serial", "lockstep 64"]], "cpu");
}
console.log("");
console.log("Times are medians of the rounds (wall: spawn to exit); ratios are medians [quartiles] of each round's ratio (above 1: the right-hand one is faster).");
