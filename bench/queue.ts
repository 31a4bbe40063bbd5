/**
 * What the queue costs per episode: the learned-Q V-GPS pipeline as shipped
 * (examples/gridworld-vgps-onnx.foresight.json, Dataset collector included) plays N episodes
 *   - here, as `foresight run` does (one thread, one run);
 *   - here in batches of 20, each played as a worker plays it (host/queue/play-batch.ts, in turns:
 *     batch-turns.ts) and taken in as the producer takes it (host/queue/outcome-collector.ts), in
 *     this one thread: what
 *     splitting a run into batches costs (each batch sets up and closes its nodes, its outcome is
 *     packed, unpacked and written), without Redis, BullMQ or a second process;
 *   - through Redis and one local `foresight worker` process, in batches of 20;
 * all by executeRun, into run folders. Many short rounds, the three side by side in each (their
 * order turning), so the machine's drift hits all three alike; the medians of the rounds' ratios
 * are printed, with their quartiles. The worker is started and warmed up first (its first batch fetches the
 * models and validates the pipeline, once per worker). Then the CPU per episode of each process,
 * all its threads and the one that plays the episodes (a worker's episode thread, this process's
 * main thread), from /proc: steadier than wall time where other jobs share the cores.
 * Run: npm run build && node dist/bench/queue.js
 * Env: BENCH_EPISODES (400), BENCH_ROUNDS (11), BENCH_BATCH (20), BENCH_TRACE (the file's: full),
 * BENCH_REDIS (a Redis URL; default: starts /usr/bin/redis-server on a free loopback port),
 * BENCH_WORKER_PROFILE (a folder: the worker writes a --cpu-prof profile there; profile this side with `node --cpu-prof`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { mergeResults } from "../host/parallel-episodes.js";
import { decodeOutcome, encodeOutcome, type BatchJob } from "../host/queue/batch-job.js";
import { OutcomeCollector } from "../host/queue/outcome-collector.js";
import { BatchTurns } from "../host/queue/batch-turns.js";
import { BatchPlayer, withTraceLines } from "../host/queue/play-batch.js";
import { episodeBatches, queuedEpisodes } from "../host/queue/queued-episodes.js";
import { defaultScratchFolder } from "../host/queue/scratch-folder.js";
import { probeRedis } from "../host/queue/redis-connection.js";
import { builtinRegistry } from "../nodes/index.js";
import type { TraceLevel } from "../runtime/engine/events.js";
import { runStartEvent } from "../runtime/engine/run-pipeline.js";
import { episodeCounts } from "../protocol/episode-difference.js";
import { RunControl } from "../runtime/engine/control.js";
import { executeRun, type EpisodeRunner } from "../runtime/execute-run.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";

const EPISODES = Number(process.env["BENCH_EPISODES"] ?? 400);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 11);
const BATCH = Number(process.env["BENCH_BATCH"] ?? 20);
const TRACE = process.env["BENCH_TRACE"] as TraceLevel | undefined;

const root = fileURLToPath(new URL("../../", import.meta.url));
const pipelineFile = join(root, "examples/gridworld-vgps-onnx.foresight.json");
const checked = validatePipeline(JSON.parse(readFileSync(pipelineFile, "utf8")), builtinRegistry(), { pipelineDir: join(root, "examples") });
if (!checked.ok) throw new Error(`${pipelineFile}: ${checked.problems[0]?.message}`);
const validated = checked.value;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(): Promise<{ url: string; server?: ChildProcess }> {
  const given = process.env["BENCH_REDIS"];
  if (given) return { url: given };
  const port = await freePort();
  const server = spawn("/usr/bin/redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await probeRedis(url);
      return { url, server };
    } catch (error) {
      if (attempt > 100) throw error;
      await sleep(50);
    }
  }
}

const scratch = mkdtempSync(join(tmpdir(), "foresight-bench-queue-"));
const { url, server } = await startRedis();
const profile = process.env["BENCH_WORKER_PROFILE"];
const worker = spawn(process.execPath, [...(profile ? ["--cpu-prof", "--cpu-prof-dir", profile] : []), join(root, "bin/foresight.js"), "worker", "--redis", url, "--cache", join(scratch, "worker"), "--quiet"], { stdio: ["ignore", "ignore", "pipe"] });
// Stopped (Ctrl+C, `kill`, `timeout`) or failed, the bench takes its worker and redis-server with it: none is left behind.
const stopChildren = () => {
  worker.kill("SIGTERM");
  server?.kill("SIGTERM");
};
process.once("exit", stopChildren);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => process.exit(1));
// A worker that exits before the bench ends (it failed to start, or crashed) ends the bench with what it said, instead of leaving it waiting on batches nobody takes.
let workerSaid = "";
let benchDone = false;
worker.once("exit", (code, signal) => {
  if (benchDone) return;
  console.error(`the worker exited (${signal ?? `code ${code}`}) before the bench ended:\n${workerSaid.trim()}`);
  process.exit(1);
});
await new Promise<void>((resolve) =>
  worker.stderr!.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    workerSaid = (workerSaid + text).slice(-4000);
    if (text.includes("takes batches")) resolve();
  }),
);

/**
 * CPU time (ms) each thread of a process has run so far, from the kernel's scheduler statistics
 * (nanoseconds): steadier than wall time on shared cores.
 */
function threadCpu(pid: number): Map<string, number> {
  const threads = new Map<string, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      threads.set(task, Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]) / 1e6);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return threads;
}

type Cpu = Record<"here" | "hereBusiest" | "worker" | "workerBusiest" | "redis", number>;
type Snapshot = { here: Map<string, number>; worker: Map<string, number>; redis: Map<string, number> };

const snapshot = (): Snapshot => ({ here: threadCpu(process.pid), worker: threadCpu(worker.pid!), redis: server ? threadCpu(server.pid!) : new Map() });

/**
 * What each process spent between two snapshots: all its threads (ONNX Runtime's, V8's and libuv's
 * helpers too), and its busiest thread alone: the one that plays the episodes (a worker's episode
 * thread, this process's main thread), whose time sets the run's pace on idle cores.
 */
function spent(before: Snapshot, after: Snapshot): Cpu {
  const deltas = (a: Map<string, number>, b: Map<string, number>) => [...b].map(([task, ms]) => ms - (a.get(task) ?? 0));
  const sum = (xs: number[]) => xs.reduce((total, x) => total + x, 0);
  const here = deltas(before.here, after.here);
  const worked = deltas(before.worker, after.worker);
  return { here: sum(here), hereBusiest: Math.max(...here), worker: sum(worked), workerBusiest: Math.max(...worked), redis: sum(deltas(before.redis, after.redis)) };
}

/** A run's wall time, the time its episodes took where they were played (the sum of their `ms`), and the CPU each process spent on it. */
interface Timing {
  wall: number;
  episodes: number;
  cpu: Cpu;
}

/** One run of `episodes` episodes by `runner` (here when undefined). */
async function timedRun(runner: EpisodeRunner | undefined, episodes: number): Promise<Timing> {
  const cpu = snapshot();
  const start = performance.now();
  const run = await executeRun({ validated, pipelineFile, outDir: join(scratch, "runs"), overrides: { episodes, seed: 1, ...(TRACE ? { trace: TRACE } : {}) }, ...(runner ? { runner } : {}) });
  const wall = performance.now() - start;
  const after = snapshot();
  if (run.summary.status !== "completed" || run.summary.episodes !== episodes) throw new Error(`run ${run.runDir}: ${run.summary.status}`);
  rmSync(run.runDir, { recursive: true, force: true });
  return {
    wall,
    episodes: run.result.episodes.reduce((sum, e) => sum + e.ms, 0),
    cpu: spent(cpu, after),
  };
}

/**
 * The worker's and the producer's parts in this thread, without Redis: each batch played by a
 * BatchPlayer as a worker plays it (models kept loaded, one scratch folder), its outcome packed and
 * unpacked, and taken in by the producer's OutcomeCollector (shard files, trace lines).
 */
const playerScratch = join(defaultScratchFolder(), `bench-${process.pid}`);
const player = new BatchPlayer({ models: dirname(pipelineFile), scratch: playerScratch }, "here");
const { baseDir: _baseDir, ...pipelineDoc } = validated.pipeline;
const turns = new BatchTurns(player);
const batchedHere: EpisodeRunner = async (validated, options) => {
  const start = performance.now();
  const emit = options.onEvent ?? (() => {});
  emit(runStartEvent(validated, options, options.settings));
  const collector = new OutcomeCollector(options.runDir, { originalPath: (_node, path) => path }, emit, options.traceSink);
  const episodes = Array.from({ length: options.settings.episodes }, (_, i) => i);
  // Handed all at once, played in turns as a worker's episode thread plays them (the next batch while the last one's nodes close).
  const packed = episodeBatches(episodes, BATCH).map(({ batch, first, last }) => {
    const job: BatchJob = { format: "foresight/batch", version: 1, runId: options.runId, batch, first, last, pipeline: pipelineDoc, pipelineSha256: "0".repeat(64), models: [], settings: options.settings };
    return turns.play(job, new RunControl(), () => true, (outcome) => decodeOutcome(encodeOutcome(withTraceLines(outcome)), `batch ${batch}`));
  });
  for (const outcome of packed) collector.collect((await outcome)!);
  await collector.written();
  const result = mergeResults(collector.results, performance.now() - start);
  emit({ type: "run.end", t: result.wallMs, status: result.status, ...episodeCounts(result.episodes), ms: result.wallMs });
  return result;
};

const queued = queuedEpisodes({ redisUrl: url, batchSize: BATCH });
const loadBefore = loadavg();
await timedRun(undefined, BATCH);
await timedRun(batchedHere, BATCH * 2);
await timedRun(queued, BATCH * 2);

const local: Timing[] = [];
const batched: Timing[] = [];
const remote: Timing[] = [];
const contenders: [Timing[], EpisodeRunner | undefined][] = [
  [local, undefined],
  [batched, batchedHere],
  [remote, queued],
];
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? contenders : [...contenders].reverse();
  for (const [times, runner] of order) times.push(await timedRun(runner, EPISODES));
}
benchDone = true;
worker.kill("SIGTERM");
await new Promise((resolve) => worker.once("exit", resolve));
server?.kill("SIGTERM");
await player.dispose();
rmSync(playerScratch, { recursive: true, force: true });
rmSync(scratch, { recursive: true, force: true });

/** Median and quartiles of the rounds' ratios a / b. */
function ratios(a: Timing[], b: Timing[], of: (t: Timing) => number = (t) => t.wall): { median: number; low: number; high: number } {
  const sorted = a.map((t, i) => of(t) / of(b[i]!)).sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), low: at(0.25), high: at(0.75) };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const perEpisode = (runs: Timing[], of: (t: Timing) => number = (t) => t.wall) => `${(median(runs.map(of)) / EPISODES).toFixed(2)} ms/episode`;
const overhead = (r: { median: number; low: number; high: number }) =>
  `${r.median >= 1 ? "+" : ""}${((r.median - 1) * 100).toFixed(1)}% [${((r.low - 1) * 100).toFixed(1)}, ${((r.high - 1) * 100).toFixed(1)}]`;
const batches = Math.ceil(EPISODES / BATCH);
const perBatch = (a: Timing[], b: Timing[]) => `${(median(a.map((t, i) => t.wall - b[i]!.wall)) / batches).toFixed(1)} ms per batch`;
const trace = TRACE ?? validated.pipeline.run.trace;
console.log(`queue overhead — ${validated.pipeline.name}, ${EPISODES} episodes a run, trace ${trace}, batches of ${BATCH}, one local worker, ${ROUNDS} rounds`);
console.log(`(medians of the rounds' ratios, [quartiles])`);
console.log(`  here, one run            ${perEpisode(local)}`);
console.log(`  here, in batches         ${perEpisode(batched)}  ${overhead(ratios(batched, local))} (${perBatch(batched, local)}: each batch sets up and closes its nodes, packs and writes its outcome)`);
console.log(`  queue, 1 worker          ${perEpisode(remote)}  ${overhead(ratios(remote, local))} of episode time (goal < 5%)`);
console.log(`    over batches here      ${overhead(ratios(remote, batched))} (${perBatch(remote, batched)}: Redis, BullMQ, two processes sharing the cores)`);
/** CPU per episode, summed over the rounds: steadier than wall time where other jobs share the cores. */
const cpuPerEpisode = (runs: Timing[], of: (cpu: Cpu) => number) => runs.reduce((sum, t) => sum + of(t.cpu), 0) / (runs.length * EPISODES);
const perEp = (runs: Timing[], of: (cpu: Cpu) => number) => cpuPerEpisode(runs, of).toFixed(3);
const vs = (runs: Timing[], of: (cpu: Cpu) => number, base: (cpu: Cpu) => number) => percent(cpuPerEpisode(runs, of), cpuPerEpisode(local, base));
const percent = (a: number, b: number) => `${a >= b ? "+" : ""}${((a / b - 1) * 100).toFixed(1)}%`;
console.log(`CPU ms per episode, summed over the rounds: all threads (the thread that plays the episodes); load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")} before, ${loadavg().map((l) => l.toFixed(2)).join(" ")} after`);
console.log(`  here, one run            ${perEp(local, (c) => c.here)} (${perEp(local, (c) => c.hereBusiest)})`);
console.log(`  here, in batches         ${perEp(batched, (c) => c.here)} (${perEp(batched, (c) => c.hereBusiest)})  ${vs(batched, (c) => c.here, (c) => c.here)} (${vs(batched, (c) => c.hereBusiest, (c) => c.hereBusiest)})`);
console.log(
  `  queue, 1 worker          worker ${perEp(remote, (c) => c.worker)} (${perEp(remote, (c) => c.workerBusiest)})  ${vs(remote, (c) => c.worker, (c) => c.here)} (${vs(remote, (c) => c.workerBusiest, (c) => c.hereBusiest)}: the run's pace on idle cores); producer ${perEp(remote, (c) => c.here)} (${perEp(remote, (c) => c.hereBusiest)}), redis-server ${perEp(remote, (c) => c.redis)}`,
);
console.log(`    steps alone            ${perEpisode(remote, (t) => t.episodes)} in the worker, ${perEpisode(local, (t) => t.episodes)} here (episode ms: without episode ends, i.e. dataset writes)`);
