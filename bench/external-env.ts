/**
 * An external environment's cost: Gymnasium's CartPole-v1 stepped by a plain Python loop (random
 * actions, `env.step(env.action_space.sample())`) and by a Foresight pipeline with the policy alone
 * (uniform random, one sample, argmax; no dataset, trace off) driving the same environment through the
 * protocol (python -m foresight_env). Beside them, the same pipeline on the built-in CartPole (in
 * process: what the subprocess adds) and the protocol alone (ExternalEnvironment.step in a loop, no
 * engine: one round trip per step), replies read from foresight_env's named pipe (the gymnasium
 * environment) and from its stdout by a reader thread (the same program as a process environment). Rounds alternate so drift hits all, after
 * BENCH_WARMUP (default 1) uncounted rounds of the pipeline rows; prints the medians, the
 * ratio to the Python loop and the time each adds per step.
 *
 * Beside the serial pipeline, the same pipeline with lockstep lanes (BENCH_LOCKSTEP, default 64)
 * whose environments live in one process (and in two: param processes 2), stepping in two lane groups
 * out of phase (the default) and in one (param laneGroups 1), each group's steps of a turn in one
 * line per process; and with more lanes (BENCH_WIDE_LOCKSTEP, default 128) in one process, two groups.
 * CPU per lane step of both sides (Node's main thread, the Python process) for each lockstep row,
 * the plain loop's own, and foresight_env's with no Foresight at all (bench/foresight-env-alone.py:
 * the same lines answered in a loop, beside the environments stepped bare).
 *
 * Then look-ahead through the environment's simulator, batched against one by one: the rollout's
 * simulations of one decision (2 candidates × SAMPLES, HORIZON steps, uniform continuation) on a
 * process that declares `batch` (forkMany/stepMany: one line per simulated step) and on one started
 * with `--batch off` (snapshot, clone, restore, reseed and step per copy). Prints round trips and
 * decisions/s of each, side by side, and their ratios.
 * Run: npm run build && FORESIGHT_PYTHON=.venv/bin/python node dist/bench/external-env.js
 * (BENCH_PART=steps or BENCH_PART=lookahead runs one half.)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ExternalEnvironment, gymnasiumEnvironment, processEnvironment } from "../nodes/environment/external/index.js";
import { shippedPythonFolder } from "../nodes/environment/external/launch.js";
import { builtinRegistry } from "../nodes/index.js";
import { uniformPolicy } from "../nodes/policy/uniform.js";
import { simulateAhead } from "../nodes/rollout/simulate.js";
import { Rng } from "../runtime/rng.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { validatePipeline, type ValidatedPipeline } from "../runtime/pipeline/validate.js";
import { resolveRunSettings } from "../runtime/run-settings.js";

const STEPS = Number(process.env["BENCH_STEPS"] ?? 20_000);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 5);
/** Uncounted rounds of every pipeline row first, so the counted ones run warm code (BENCH_WARMUP=0: none). */
const WARMUP = Number(process.env["BENCH_WARMUP"] ?? 1);
const PYTHON = process.env["FORESIGHT_PYTHON"] ?? ".venv/bin/python";
const PART = process.env["BENCH_PART"] ?? "all";
const DECISIONS = Number(process.env["BENCH_DECISIONS"] ?? 200);
const SAMPLES = Number(process.env["BENCH_SAMPLES"] ?? 8);
const HORIZON = Number(process.env["BENCH_HORIZON"] ?? 10);
/** Lockstep lanes for the pipeline row that steps one process in batches (docs/environment-protocol.md, "Lockstep lanes"). */
const LANES = Number(process.env["BENCH_LOCKSTEP"] ?? 64);
/** Lanes of the wider lockstep row: more steps per line, so each line's costs (both sides' wake-ups, JSON) spread thinner. */
const WIDE = Number(process.env["BENCH_WIDE_LOCKSTEP"] ?? 128);

const pythonLoop = `
import sys, time, gymnasium as gym
env = gym.make("CartPole-v1")
env.reset(seed=1)
env.action_space.seed(1)
steps = int(sys.argv[1])
start = time.perf_counter()
cpu = time.process_time()
for _ in range(steps):
    _, _, terminated, truncated, _ = env.step(env.action_space.sample())
    if terminated or truncated:
        env.reset()
print(steps / (time.perf_counter() - start), (time.process_time() - cpu) / steps * 1e6)
`;

/** Steps per second of the plain Python loop (its own clock, startup excluded), and its CPU µs per step. */
function pythonLoopRun(): { rate: number; cpu: number } {
  const result = spawnSync(PYTHON, ["-c", pythonLoop, String(STEPS)], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${PYTHON} could not run the Gymnasium loop: ${result.error?.message ?? result.stderr}`);
  const [rate, cpu] = result.stdout.trim().split(" ").map(Number);
  return { rate: rate!, cpu: cpu! };
}

/** The policy-alone CartPole pipeline without its dataset, on Gymnasium's CartPole (external) or the built-in one. */
function loadPipeline(world: "external" | "built-in", processes = 1, laneGroups = 2): ValidatedPipeline {
  const doc = JSON.parse(readFileSync(new URL("../../examples/cartpole-random.foresight.json", import.meta.url), "utf8"));
  doc.nodes = doc.nodes.filter((n: { kind: string }) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e: { to: string }) => !e.to.startsWith("dataset."));
  doc.nodes[0].params = world === "external" ? { ...doc.nodes[0].params, python: PYTHON, processes, laneGroups } : { name: "cartpole" };
  const result = validatePipeline(doc, builtinRegistry());
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

/** CPU milliseconds of a /proc stat line (user + system, at Linux's 100 ticks a second). */
function statMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU milliseconds of a thread (`/proc/<pid>/task/<tid>`) or a process's main thread (`/proc/<pid>`): schedstat's nanoseconds where the kernel keeps them, else stat's 10 ms ticks. */
function cpuMs(folder: string): number {
  try {
    return Number(readFileSync(`${folder}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return statMs(readFileSync(`${folder}/stat`, "utf8"));
  }
}

/** The Python processes this one started (the environment's), from /proc; none where there is no /proc. */
function pythonChildren(): string[] {
  if (!existsSync("/proc/self/stat")) return [];
  return readdirSync("/proc").filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      return stat.includes("(python") && Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === process.pid;
    } catch {
      return false;
    }
  });
}

/** CPU milliseconds of this thread (the engine's), undefined without /proc. */
function mainThreadMs(): number | undefined {
  try {
    return cpuMs(`/proc/self/task/${process.pid}`);
  } catch {
    return undefined;
  }
}

/** CPU milliseconds the given processes (their main threads, where foresight_env works) have used since they started. */
function processesMs(pids: readonly string[]): number {
  return pids.reduce((total, pid) => total + cpuMs(`/proc/${pid}`), 0);
}

/** A pipeline run: its steps per second, and (lockstep, on Linux) its steps and the CPU milliseconds of Node's main thread and of the Python process(es) over the whole run. */
interface PipelineRun {
  rate: number;
  steps: number;
  cpu?: { node: number; python: number };
}

/**
 * Steps per second of the pipeline over its episodes (process start and spaces excluded). Serially
 * the episodes' own times add up; lanes play theirs at once, so with lockstep K > 1 it is the time
 * from the first episode's start to the last one's end (the process's close excluded too). Lockstep
 * runs also report the CPU time each side spent over the whole run (start-up included: `cpuPerStep`
 * takes it out), which is steadier than wall time on a shared machine.
 */
async function pipelineStepsPerSecond(pipeline: ValidatedPipeline, lockstep = 1, episodes = Math.ceil(STEPS / 22)): Promise<PipelineRun> {
  let first = Infinity;
  let last = 0;
  let ended = 0;
  let python: number | undefined;
  const onEvent = (event: RunEvent) => {
    if (event.type === "episode.start") first = Math.min(first, event.t);
    if (event.type === "episode.end") last = Math.max(last, event.t);
    // Released in episode order: the last one ends before the processes close.
    if (event.type === "episode.end" && ++ended === episodes && existsSync("/proc/self/stat")) python = processesMs(pythonChildren().filter((pid) => !others.has(pid)));
  };
  // Python processes of the bench's own (the protocol-alone rows') are not this run's.
  const others = new Set(pythonChildren());
  const nodeBefore = mainThreadMs();
  // Random CartPole episodes last ~22 steps; play enough of them for STEPS steps.
  const settings = resolveRunSettings(pipeline.pipeline.run, { episodes, seed: 1, trace: "off", lockstep });
  const result = await runPipeline(pipeline, { runId: "bench", pipelineDir: ".", runDir: mkdtempSync(join(tmpdir(), "foresight-bench-ext-")), settings, ...(lockstep > 1 ? { onEvent } : {}) });
  const nodeAfter = mainThreadMs();
  if (result.status !== "completed") throw new Error(`the pipeline run ${result.status}: ${result.failure?.message}`);
  const steps = result.episodes.reduce((total, e) => total + e.envSteps, 0);
  const ms = lockstep > 1 ? last - first : result.episodes.reduce((total, e) => total + e.ms, 0);
  const cpu = nodeBefore !== undefined && nodeAfter !== undefined && python !== undefined ? { node: nodeAfter - nodeBefore, python } : undefined;
  return { rate: steps / (ms / 1000), steps, ...(cpu ? { cpu } : {}) };
}

/** CPU µs per step of a run beyond a short one of the same pipeline (one episode per lane): start-up, `make`s and close cancel out. */
function cpuPerStep(run: PipelineRun, short: PipelineRun): { node: number; python: number } | undefined {
  if (!run.cpu || !short.cpu || run.steps <= short.steps) return undefined;
  const steps = run.steps - short.steps;
  return { node: ((run.cpu.node - short.cpu.node) * 1000) / steps, python: ((run.cpu.python - short.cpu.python) * 1000) / steps };
}

/** foresight_env's own CPU µs per lane step with no Foresight (bench/foresight-env-alone.py): served, bare environments, and what serving adds. */
function foresightEnvAlone(lanes: number): { served: number; bare: number; adds: number } {
  const script = fileURLToPath(new URL("../../bench/foresight-env-alone.py", import.meta.url));
  const result = spawnSync(PYTHON, [script, String(lanes), "2"], { encoding: "utf8", env: { ...process.env, PYTHONPATH: shippedPythonFolder() ?? "" } });
  if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Round trips and seconds for DECISIONS look-aheads from live CartPole states (the live one steps between them). */
async function lookAheads(environment: ExternalEnvironment): Promise<{ roundTrips: number; seconds: number }> {
  const rng = Rng.fromSeed(1);
  const policy = uniformPolicy();
  const signal = new AbortController().signal;
  environment.reset(1);
  let roundTrips = 0;
  let ms = 0;
  for (let decision = 0; decision < DECISIONS; decision++) {
    const before = environment.roundTrips;
    const start = performance.now();
    await simulateAhead({ environment, actions: [0, 1], horizon: HORIZON, discount: 0.99, samples: SAMPLES, policy, continuationSampling: "sample", value: undefined, rng, signal });
    ms += performance.now() - start;
    roundTrips += environment.roundTrips - before;
    if (environment.step(decision % 2).terminated || environment.done) environment.reset(decision);
  }
  return { roundTrips, seconds: ms / 1000 };
}

function cartpoleProcess(batch: "on" | "off"): ExternalEnvironment {
  const params = processEnvironment.params.parse({ name: "process", command: [PYTHON, "-m", "foresight_env", "gymnasium:CartPole-v1", "--batch", batch] });
  return processEnvironment.create(params, { pipelineDir: ".", purpose: "run" }) as ExternalEnvironment;
}

async function benchLookAhead(): Promise<void> {
  const batched = cartpoleProcess("on");
  const single = cartpoleProcess("off");
  const rates = { batched: [] as number[], single: [] as number[] };
  const trips = { batched: 0, single: 0 };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, environment] of [["batched", batched], ["single", single]] as const) {
        const { roundTrips, seconds } = await lookAheads(environment);
        rates[name].push(DECISIONS / seconds);
        trips[name] = roundTrips / DECISIONS;
      }
      console.log(`round ${round + 1}: batched ${rates.batched.at(-1)!.toFixed(1)} decisions/s, one by one ${rates.single.at(-1)!.toFixed(1)} decisions/s`);
    }
  } finally {
    batched.close();
    single.close();
  }
  const b = median(rates.batched);
  const o = median(rates.single);
  console.log(`CartPole-v1 look-ahead: 2 candidates × ${SAMPLES} samples, horizon ${HORIZON}, ${DECISIONS} decisions per round, medians of ${ROUNDS} rounds`);
  console.log(`round trips per decision   batched ${trips.batched.toFixed(1)}   one by one ${trips.single.toFixed(1)}   (${(trips.single / trips.batched).toFixed(1)}× fewer)`);
  console.log(`decisions/s                batched ${b.toFixed(1)}   one by one ${o.toFixed(1)}   ratio ${(b / o).toFixed(2)}`);
}

/** Steps per second of ExternalEnvironment.step alone (alternating pushes, reset at each end): the protocol's round trip without the engine. */
function protocolStepsPerSecond(environment: ExternalEnvironment): number {
  environment.reset(1);
  const start = performance.now();
  for (let i = 0; i < STEPS; i++) {
    const { terminated, truncated } = environment.step(i % 2);
    if (terminated || truncated) environment.reset(i);
  }
  return STEPS / ((performance.now() - start) / 1000);
}

async function benchSteps(): Promise<void> {
  const external = loadPipeline("external");
  const spread = loadPipeline("external", 2);
  const inStep = loadPipeline("external", 1, 1);
  const wide = loadPipeline("external");
  const builtIn = loadPipeline("built-in");
  const piped = gymnasiumEnvironment.create(gymnasiumEnvironment.params.parse({ name: "gymnasium", id: "CartPole-v1", python: PYTHON }), { pipelineDir: ".", purpose: "run" }) as ExternalEnvironment;
  const protocol = cartpoleProcess("on");
  const rates = { python: [] as number[], external: [] as number[], lanes: [] as number[], inStep: [] as number[], spread: [] as number[], wide: [] as number[], builtIn: [] as number[], piped: [] as number[], protocol: [] as number[] };
  const lockstepRows = { lanes: external, inStep, spread, wide };
  const lanesOf = (name: LockstepRow) => (name === "wide" ? WIDE : LANES);
  type LockstepRow = keyof typeof lockstepRows;
  const loopCpu: number[] = [];
  const runs: Record<LockstepRow, PipelineRun[]> = { lanes: [], inStep: [], spread: [], wide: [] };
  const short = {} as Record<LockstepRow, PipelineRun>;
  const lockstepRate = async (name: LockstepRow) => {
    const run = await pipelineStepsPerSecond(lockstepRows[name], lanesOf(name));
    rates[name].push(run.rate);
    runs[name].push(run);
  };
  try {
    // The pipelines' code is compiled as it runs: a first round of each runs ~1.5–2.5× slower than the
    // third. A long run is warm; the Python loop has nothing to warm (CPython does not compile).
    for (let round = 0; round < WARMUP; round++) {
      await pipelineStepsPerSecond(external);
      for (const name of Object.keys(lockstepRows) as LockstepRow[]) await pipelineStepsPerSecond(lockstepRows[name], lanesOf(name));
      await pipelineStepsPerSecond(builtIn);
    }
    for (let round = 0; round < ROUNDS; round++) {
      const loop = pythonLoopRun();
      rates.python.push(loop.rate);
      loopCpu.push(loop.cpu);
      rates.external.push((await pipelineStepsPerSecond(external)).rate);
      await lockstepRate("lanes");
      await lockstepRate("inStep");
      await lockstepRate("spread");
      await lockstepRate("wide");
      rates.builtIn.push((await pipelineStepsPerSecond(builtIn)).rate);
      // The short runs that take start-up out of the CPU figures, once everything is warm.
      if (round === 0) for (const name of Object.keys(lockstepRows) as LockstepRow[]) short[name] = await pipelineStepsPerSecond(lockstepRows[name], lanesOf(name), lanesOf(name));
      rates.piped.push(protocolStepsPerSecond(piped));
      rates.protocol.push(protocolStepsPerSecond(protocol));
      const last = (xs: number[]) => xs.at(-1)!.toFixed(0);
      console.log(
        `round ${round + 1}: python loop ${last(rates.python)}, pipeline ${last(rates.external)}, lockstep ${LANES} ${last(rates.lanes)} (1 process) / ${last(rates.inStep)} (1 group) / ${last(rates.spread)} (2 processes), lockstep ${WIDE} ${last(rates.wide)}, pipeline built-in ${last(rates.builtIn)}, ` +
          `protocol alone ${last(rates.piped)} (reply pipe) / ${last(rates.protocol)} (stdout) steps/s`,
      );
    }
  } finally {
    piped.close();
    protocol.close();
  }
  const p = median(rates.python);
  const f = median(rates.external);
  const l = median(rates.lanes);
  const l2 = median(rates.spread);
  const l1 = median(rates.inStep);
  const w = median(rates.wide);
  const b = median(rates.builtIn);
  const r = median(rates.piped);
  const o = median(rates.protocol);
  const us = (rate: number) => `${rate.toFixed(0).padStart(7)} steps/s  (${(1e6 / rate).toFixed(1)} µs/step)`;
  console.log(`CartPole-v1, ${STEPS} steps per round, medians of ${ROUNDS} rounds after ${WARMUP} uncounted round(s) of the pipelines`);
  console.log(`python loop (in-process env)               ${us(p)}`);
  console.log(`pipeline, Gymnasium via the protocol       ${us(f)}`);
  console.log(`  the same, lockstep ${String(LANES).padEnd(3)} (one process)     ${us(l)}   (two lane groups, out of phase)`);
  console.log(`  the same, lanes in one group             ${us(l1)}   (laneGroups 1: every lane steps together)`);
  console.log(`  the same, lockstep ${String(LANES).padEnd(3)} (two processes)   ${us(l2)}`);
  console.log(`  the same, lockstep ${String(WIDE).padEnd(3)} (one process)     ${us(w)}   (two lane groups)`);
  console.log(`pipeline, built-in CartPole (in process)   ${us(b)}`);
  console.log(`protocol alone, replies via the named pipe ${us(r)}`);
  console.log(`protocol alone, replies via stdout + thread ${us(o)}`);
  // Each round's rows ran side by side: the median of the rounds' ratios, not a ratio of medians from different rounds.
  const ratio = (rows: number[]) => median(rows.map((rate, round) => rate / rates.python[round]!)).toFixed(3);
  console.log(
    `ratio pipeline / python loop (median of the rounds') ${ratio(rates.external)} serial, ${ratio(rates.lanes)} lockstep ${LANES}, ${ratio(rates.inStep)} in one group, ${ratio(rates.spread)} over 2 processes, ${ratio(rates.wide)} lockstep ${WIDE} (goal ≥ 0.7)`,
  );
  const cpuLine = (name: LockstepRow, label: string) => {
    const measured = runs[name].flatMap((run) => cpuPerStep(run, short[name]) ?? []);
    if (measured.length === 0) return;
    console.log(`  CPU per step, ${label.padEnd(28)} Node's main thread ${median(measured.map((m) => m.node)).toFixed(1)} µs, Python ${median(measured.map((m) => m.python)).toFixed(1)} µs (medians)`);
  };
  console.log(`  CPU per step, the python loop:             ${median(loopCpu).toFixed(1)} µs (median)`);
  cpuLine("lanes", "lockstep, two lane groups:");
  cpuLine("inStep", "lockstep, one lane group:");
  cpuLine("spread", "lockstep, two processes:");
  cpuLine("wide", `lockstep ${WIDE}, two lane groups:`);
  for (const lanes of [LANES, WIDE]) {
    const alone = foresightEnvAlone(lanes);
    console.log(`  foresight_env alone, K = ${lanes}, 2 groups: ${alone.served.toFixed(1)} µs CPU per lane step; the environments bare ${alone.bare.toFixed(1)} µs; serving adds ${alone.adds.toFixed(1)} µs (bench/foresight-env-alone.py)`);
  }
  console.log(`the subprocess adds per step               ${(1e6 / f - 1e6 / b).toFixed(1)} µs over the built-in pipeline (goal ≤ ~100)`);
  console.log(`the round trip adds per step               ${(1e6 / r - 1e6 / p).toFixed(1)} µs over the python loop (pipe, both sides' JSON, wake-ups); ${(1e6 / o - 1e6 / p).toFixed(1)} µs through stdout and the reader thread`);
}

if (PART !== "lookahead") await benchSteps();
if (PART !== "steps") await benchLookAhead();
