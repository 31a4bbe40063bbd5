/**
 * The learned-Q V-GPS pipeline (examples/gridworld-vgps-onnx) against the same V-GPS step written by
 * hand in PyTorch (bench/pytorch-vgps.py: the lava-bridge world, the weak heuristic policy, 16
 * candidates, the shipped Q-network's weights in torch.nn.Linear layers, argmax with ε = 0.1, one
 * state per forward pass, no records). The pipeline runs in this process at trace `off`, one
 * episode at a time (K = 1) and 64 in lockstep (K = 64, each Q call batching 64 states), without
 * its Dataset collector (what the PyTorch loop does) and with it. Rounds alternate; each figure is
 * steps per second on its own clock. Start-up is outside both: the PyTorch loop loads its weights
 * before its clock starts, and the pipeline's runs share one model cache, loaded once before the
 * first run (as a warm process would); each run's clock still includes creating its nodes (K lanes'
 * at K = 64), the episodes' end and closing the nodes. K = 1 and K = 64 play the same episodes
 * (results are exact) after the same warm-up pass. The ratios are medians of the
 * rounds' ratios (each round's are printed as it ends). CPU µs/step counts every thread of this process
 * (the PyTorch loop runs in its own). Issue 16's goal: the pipeline at K = 64 ≥ 10 × the PyTorch loop.
 * Beside them, the same nodes called by a hand-written loop at K = 1 and K = 64 (bench/hand-lockstep.ts:
 * node by node over the lanes, one await for the lanes' batched Q calls, no engine), checked to play the
 * same episodes: the bound a lane-vectorized engine could reach, and the engine's own share of a lane's step.
 * Last, where a step's time goes at K = 1 and K = 64 (the Q-scorer's node time and the rest), beside
 * the Q-model's ONNX Runtime call timed alone on one state and on 64: what batching can buy at most.
 * Run: npm run build && node dist/bench/lockstep-vs-pytorch.js (needs /usr/bin/python3 with torch and
 * onnx: apt-get install python3-torch python3-onnx; FORESIGHT_TEST_PYTHON picks another).
 * Env: BENCH_EPISODES (1000), BENCH_ROUNDS (5).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { builtinRegistry } from "../nodes/index.js";
import { handLockstep } from "./hand-lockstep.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { createModelCache } from "../runtime/inference/index.js";
import type { Pipeline as PipelineDocument } from "../runtime/pipeline/schema.js";
import { validatePipeline, type ValidatedPipeline } from "../runtime/pipeline/validate.js";
import { resolveRunSettings } from "../runtime/run-settings.js";

const EPISODES = Number(process.env["BENCH_EPISODES"] ?? 1000);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 5);
const PYTHON = process.env["FORESIGHT_TEST_PYTHON"] ?? "/usr/bin/python3";
const root = fileURLToPath(new URL("../../", import.meta.url));
const examples = join(root, "examples");
const shipped = JSON.parse(readFileSync(join(examples, "gridworld-vgps-onnx.foresight.json"), "utf8")) as PipelineDocument;
const qModel = join(root, "assets/models/gridworld-q.onnx");

function validated(doc: PipelineDocument): ValidatedPipeline {
  const checked = validatePipeline(doc, builtinRegistry(), { pipelineDir: examples });
  if (!checked.ok) throw new Error(`gridworld-vgps-onnx: ${checked.problems[0]?.message}`);
  return checked.value;
}
const withoutCollector: PipelineDocument = {
  ...shipped,
  nodes: shipped.nodes.filter((node) => node.kind !== "dataset"),
  edges: shipped.edges.filter((edge) => !edge.to.startsWith("dataset.")),
};
const pipelines = { "without collector": validated(withoutCollector), "with collector": validated(shipped) };
const work = mkdtempSync(join(tmpdir(), "foresight-bench-pytorch-"));
const models = createModelCache({ pipelineDir: examples });

/** The PyTorch loop's steps per second (its own clock) and success rate. */
function pytorch(seed: number): { rate: number; success: number } {
  const run = spawnSync(PYTHON, [join(root, "bench/pytorch-vgps.py"), qModel, String(EPISODES), String(seed)], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${PYTHON} bench/pytorch-vgps.py failed (needs torch and onnx: apt-get install python3-torch python3-onnx): ${run.stderr}`);
  const out = JSON.parse(run.stdout) as { stepsPerSecond: number; successRate: number };
  return { rate: out.stepsPerSecond, success: out.successRate };
}

/** The pipeline's steps per second at lockstep K, its success rate, and the Q-scorer's µs per step (its node time: the model call and its own part). */
async function pipeline(name: keyof typeof pipelines, lockstep: number, seed: number): Promise<{ rate: number; success: number; cpuPerStep: number; qPerStep: number }> {
  const validatedPipeline = pipelines[name];
  const runDir = mkdtempSync(join(work, "run-"));
  const settings = resolveRunSettings(validatedPipeline.pipeline.run, { episodes: EPISODES, seed, trace: "off", lockstep });
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await runPipeline(validatedPipeline, { runId: "bench", pipelineDir: examples, runDir, settings, modelCache: models });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  if (result.status !== "completed") throw new Error(`the pipeline ${result.status}: ${result.failure?.message ?? ""}`);
  rmSync(runDir, { recursive: true, force: true });
  const steps = result.episodes.reduce((sum, episode) => sum + episode.envSteps, 0);
  if (name === "without collector") samePlay("the pipeline", lockstep, seed, steps);
  const qMs = result.nodeTimes.find((node) => node.kind === "q-scorer")?.totalMs ?? 0;
  // CPU time of every thread of this process (the collector's Parquet thread, ONNX Runtime's, the GC's) per step: steadier than wall time on a busy machine.
  return { rate: steps / seconds, success: result.episodes.filter((episode) => episode.success).length / result.episodes.length, cpuPerStep: (cpu.user + cpu.system) / steps, qPerStep: (1000 * qMs) / steps };
}

/** Steps played per (K, seed), by the pipeline without its collector or by hand: both must play the same episodes. */
const stepsPlayed = new Map<string, { by: string; steps: number }>();
function samePlay(by: string, lanes: number, seed: number, steps: number): void {
  const key = `${lanes} ${seed}`;
  const other = stepsPlayed.get(key);
  if (!other) stepsPlayed.set(key, { by, steps });
  else if (other.steps !== steps) throw new Error(`K = ${lanes}, seed ${seed}: ${by} played ${steps} steps, ${other.by} ${other.steps}: not the same episodes`);
}

/** The same nodes called by hand for K lanes, node by node (bench/hand-lockstep.ts): a perfectly vectorized engine's cost. */
async function byHand(lanes: number, seed: number): Promise<{ rate: number; success: number }> {
  const runDir = mkdtempSync(join(work, "hand-"));
  const start = performance.now();
  const { steps, successes } = await handLockstep(pipelines["without collector"], { lanes, episodes: EPISODES, seed, models, pipelineDir: examples, runDir });
  const seconds = (performance.now() - start) / 1000;
  rmSync(runDir, { recursive: true, force: true });
  samePlay("the hand-written loop", lanes, seed, steps);
  return { rate: steps / seconds, success: successes / EPISODES };
}

/** µs per state of one ONNX Runtime call on the Q-model with `rows` states stacked (the median of 5 timings of 2,000 calls, after one to warm up): the least a lane's Q call can cost at K = rows. */
async function qCallPerRow(rows: number): Promise<number> {
  const model = await models.load(qModel, { provider: "cpu" });
  const input = model.info.inputs[0]!;
  const feeds = { [input.name]: { data: new Float32Array(rows * Number(input.shape[1])).fill(0.5), shape: [rows, Number(input.shape[1])] } };
  if (!model.runNow) throw new Error(`${qModel}: ONNX Runtime cannot answer its calls at once`);
  const timings: number[] = [];
  for (let t = 0; t < 6; t++) {
    const start = performance.now();
    for (let i = 0; i < 2000; i++) model.runNow(feeds);
    if (t > 0) timings.push((1000 * (performance.now() - start)) / 2000 / rows);
  }
  return timings.sort((a, b) => a - b)[2]!;
}

const rows: { label: string; play: (seed: number) => Promise<{ rate: number; success: number; cpuPerStep?: number; qPerStep?: number }> }[] = [
  { label: "PyTorch loop (by hand)", play: async (seed) => pytorch(seed) },
  { label: "pipeline, K = 1, without collector", play: (seed) => pipeline("without collector", 1, seed) },
  { label: "pipeline, K = 64, without collector", play: (seed) => pipeline("without collector", 64, seed) },
  { label: "pipeline, K = 1, with collector", play: (seed) => pipeline("with collector", 1, seed) },
  { label: "pipeline, K = 64, with collector", play: (seed) => pipeline("with collector", 64, seed) },
  { label: "the same nodes by hand, K = 1", play: (seed) => byHand(1, seed) },
  { label: "the same nodes by hand, K = 64, node by node", play: (seed) => byHand(64, seed) },
];
const rates = rows.map(() => [] as number[]);
const successes = rows.map(() => [] as number[]);
const cpuPerStep = rows.map(() => [] as number[]);
const qPerStep = rows.map(() => [] as number[]);

console.log(`V-GPS by hand in PyTorch vs the pipeline: ${EPISODES} episodes a run, ${ROUNDS} rounds, load average ${loadavg().map((l) => l.toFixed(2)).join(", ")}`);
// A first pass compiles the pipeline's code and loads the model (the PyTorch loop's start-up is outside its clock too).
for (const row of rows.slice(1)) await row.play(0);
for (let round = 1; round <= ROUNDS; round++) {
  const order = round % 2 === 0 ? [...rows.keys()].reverse() : [...rows.keys()];
  for (const i of order) {
    const { rate, success, cpuPerStep: cpu, qPerStep: q } = await rows[i]!.play(round);
    rates[i]!.push(rate);
    successes[i]!.push(success);
    if (cpu !== undefined) cpuPerStep[i]!.push(cpu);
    if (q !== undefined) qPerStep[i]!.push(q);
  }
  const [torch, k1, k64] = [0, 1, 2].map((i) => rates[i]![round - 1]!);
  console.log(`round ${round}: without the collector K = 64 is ${(k64! / torch!).toFixed(2)}× the PyTorch loop and ${(k64! / k1!).toFixed(2)}× K = 1 (load average ${loadavg()[0]!.toFixed(2)})`);
}
const [oneRow, perRowOf64] = [await qCallPerRow(1), await qCallPerRow(64)];
rmSync(work, { recursive: true, force: true });
await models.dispose();

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ratio = (a: readonly number[], b: readonly number[]) => median(a.map((x, i) => x / b[i]!));
console.log("");
console.log("| run | steps/s | CPU µs/step | success | × PyTorch loop |");
console.log("| --- | ---: | ---: | ---: | ---: |");
rows.forEach((row, i) => {
  const cpu = cpuPerStep[i]!.length > 0 ? median(cpuPerStep[i]!).toFixed(1) : "–";
  console.log(`| ${row.label} | ${Math.round(median(rates[i]!)).toLocaleString("en")} | ${cpu} | ${(100 * median(successes[i]!)).toFixed(1)}% | ${ratio(rates[i]!, rates[0]!).toFixed(2)} |`);
});
console.log("");
console.log(`goal: pipeline at K = 64 ≥ 10 × the PyTorch loop (without the collector: ${ratio(rates[2]!, rates[0]!).toFixed(2)} ×)`);
console.log(`goal: K = 64 ≥ 3 × K = 1 (without the collector: ${ratio(rates[2]!, rates[1]!).toFixed(2)} ×; with it: ${ratio(rates[4]!, rates[3]!).toFixed(2)} ×)`);
// The bound a lane-vectorized engine could reach: the nodes' own work at K = 64 against the engine's K = 1.
console.log(
  `by hand (no engine): K = 64 is ${ratio(rates[6]!, rates[5]!).toFixed(2)} × K = 1 by hand and ${ratio(rates[6]!, rates[1]!).toFixed(2)} × the pipeline's K = 1; ` +
    `the pipeline runs at ${ratio(rates[1]!, rates[5]!).toFixed(2)} × the hand loop at K = 1 and ${ratio(rates[2]!, rates[6]!).toFixed(2)} × at K = 64`,
);
// Where a step's time goes, for Amdahl's bound on what batching the Q call can buy: every lane still spends all the rest of a K = 1 step.
const stepK1 = 1e6 / median(rates[1]!);
const stepK64 = 1e6 / median(rates[2]!);
const [qK1, qK64] = [median(qPerStep[1]!), median(qPerStep[2]!)];
console.log(
  `where a step's µs go without the collector (the Q-scorer's node time, sampled; the rest is all else): K = 1 ${stepK1.toFixed(1)} = Q-scorer ${qK1.toFixed(1)} + ${(stepK1 - qK1).toFixed(1)}; ` +
    `K = 64, a lane's ${stepK64.toFixed(1)} = Q-scorer ${qK64.toFixed(1)} (its part and its share of the batched call) + ${(stepK64 - qK64).toFixed(1)}. ` +
    `An ONNX Runtime call on the Q-model alone: ${oneRow.toFixed(1)} µs on one state, ${perRowOf64.toFixed(2)} µs a state on 64`,
);
