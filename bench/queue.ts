/**
 * What the queue costs per episode: the learned-Q V-GPS pipeline as shipped
 * (examples/gridworld-vgps-onnx.foresight.json, Dataset collector included) plays N episodes
 *   - here, as `foresight run` does (one thread, one run);
 *   - here in batches of 20, one runPipeline per batch into shards/<k>/, as a worker plays them
 *     (what splitting a run into batches costs: each batch opens and closes its nodes' files);
 *   - through Redis and one local `foresight worker` process, in batches of 20;
 * all by executeRun, into run folders. Many short rounds, the three side by side in each (their
 * order turning), so the machine's drift hits all three alike; the medians of the rounds' ratios
 * are printed, with their quartiles. The worker is started and warmed up first (its first batch fetches the
 * models and validates the pipeline, once per worker).
 * Run: npm run build && node dist/bench/queue.js
 * Env: BENCH_EPISODES (400), BENCH_ROUNDS (11), BENCH_BATCH (20), BENCH_TRACE (the file's: full),
 * BENCH_REDIS (a Redis URL; default: starts /usr/bin/redis-server on a free loopback port),
 * BENCH_WORKER_PROFILE (a folder: the worker writes a --cpu-prof profile there; profile this side with `node --cpu-prof`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { mergeResults } from "../host/parallel-episodes.js";
import { episodeBatches, queuedEpisodes } from "../host/queue/queued-episodes.js";
import { probeRedis } from "../host/queue/redis-connection.js";
import { builtinRegistry } from "../nodes/index.js";
import type { TraceLevel } from "../runtime/engine/events.js";
import { runPipeline, type RunResult } from "../runtime/engine/run-pipeline.js";
import { executeRun, type EpisodeRunner } from "../runtime/execute-run.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { shardFolder } from "../runtime/run-folder.js";

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
await new Promise<void>((resolve) => worker.stderr!.on("data", (chunk: Buffer) => chunk.toString().includes("takes batches") && resolve()));

/**
 * CPU time (ms) a process's threads have run so far, from the kernel's scheduler statistics
 * (nanoseconds, every thread: ONNX Runtime's, libuv's): steadier than wall time on shared cores.
 */
function cpuMs(pid: number | "self"): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return ns / 1e6;
}

/** CPU of this process, the worker and redis-server (each 0 where it is not ours to read). */
function cpuNow(): { here: number; worker: number; redis: number } {
  return { here: cpuMs("self"), worker: cpuMs(worker.pid!), redis: server ? cpuMs(server.pid!) : 0 };
}

/** A run's wall time, the time its episodes took where they were played (the sum of their `ms`), and the CPU each process spent on it. */
interface Timing {
  wall: number;
  episodes: number;
  cpu: { here: number; worker: number; redis: number };
}

/** One run of `episodes` episodes by `runner` (here when undefined). */
async function timedRun(runner: EpisodeRunner | undefined, episodes: number): Promise<Timing> {
  const cpu = cpuNow();
  const start = performance.now();
  const run = await executeRun({ validated, pipelineFile, outDir: join(scratch, "runs"), overrides: { episodes, seed: 1, ...(TRACE ? { trace: TRACE } : {}) }, ...(runner ? { runner } : {}) });
  const wall = performance.now() - start;
  const after = cpuNow();
  if (run.summary.status !== "completed" || run.summary.episodes !== episodes) throw new Error(`run ${run.runDir}: ${run.summary.status}`);
  rmSync(run.runDir, { recursive: true, force: true });
  return {
    wall,
    episodes: run.result.episodes.reduce((sum, e) => sum + e.ms, 0),
    cpu: { here: after.here - cpu.here, worker: after.worker - cpu.worker, redis: after.redis - cpu.redis },
  };
}

/** The worker's part without the queue: each batch its own runPipeline, its files in shards/<batch>/. */
const batchedHere: EpisodeRunner = async (validated, options) => {
  const start = performance.now();
  const results: RunResult[] = [];
  const episodes = Array.from({ length: options.settings.episodes }, (_, i) => i);
  for (const { batch, first, last } of episodeBatches(episodes, BATCH)) {
    const runDir = shardFolder(options.runDir, batch);
    mkdirSync(runDir, { recursive: true });
    const onEvent = options.onEvent;
    const episodeIndices = episodes.slice(first, last + 1);
    results.push(await runPipeline(validated, { ...options, runDir, episodeIndices, onEvent: (event) => event.type !== "run.start" && event.type !== "run.end" && onEvent?.(event) }));
  }
  return mergeResults(results, performance.now() - start);
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
worker.kill("SIGTERM");
await new Promise((resolve) => worker.once("exit", resolve));
server?.kill("SIGTERM");
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
console.log(`  here, in batches         ${perEpisode(batched)}  ${overhead(ratios(batched, local))} (${perBatch(batched, local)}: each batch sets up and closes its nodes)`);
console.log(`  queue, 1 worker          ${perEpisode(remote)}  ${overhead(ratios(remote, local))} of episode time (goal < 5%)`);
console.log(`    over batches here      ${overhead(ratios(remote, batched))} (${perBatch(remote, batched)}: Redis, BullMQ, packing and unpacking, the producer's share of the cores)`);
/** CPU per episode, summed over the rounds: steadier than wall time where other jobs share the cores. */
const cpuPerEpisode = (runs: Timing[], of: (cpu: Timing["cpu"]) => number) => runs.reduce((sum, t) => sum + of(t.cpu), 0) / (runs.length * EPISODES);
const here = (runs: Timing[]) => cpuPerEpisode(runs, (cpu) => cpu.here);
const queuedCpu = { producer: here(remote), worker: cpuPerEpisode(remote, (cpu) => cpu.worker), redis: cpuPerEpisode(remote, (cpu) => cpu.redis) };
const percent = (a: number, b: number) => `${a >= b ? "+" : ""}${((a / b - 1) * 100).toFixed(1)}%`;
console.log(`CPU per episode (every thread, summed over the rounds; load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")} before, ${loadavg().map((l) => l.toFixed(2)).join(" ")} after)`);
console.log(`  here, one run            ${here(local).toFixed(3)} ms`);
console.log(`  here, in batches         ${here(batched).toFixed(3)} ms  ${percent(here(batched), here(local))}`);
console.log(
  `  queue, 1 worker          ${queuedCpu.worker.toFixed(3)} ms in the worker  ${percent(queuedCpu.worker, here(local))} (the run's pace on idle cores), + ${queuedCpu.producer.toFixed(3)} producer + ${queuedCpu.redis.toFixed(3)} redis-server`,
);
console.log(`    steps alone            ${perEpisode(remote, (t) => t.episodes)} in the worker, ${perEpisode(local, (t) => t.episodes)} here (episode ms: without episode ends, i.e. dataset writes)`);
