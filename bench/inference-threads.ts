/**
 * Intra-op threads for small models: an 81→64→64→4 MLP (MatMul/Add/Relu, the size of
 * our policies and Q-scorers) run by onnxruntime at batch 16 with 1 thread, 2 threads
 * and onnxruntime's own default (0: one per physical core), all in this process.
 * Rounds alternate the settings so drift hits all of them; medians give the ratio to
 * 1 thread, which picks DEFAULT_INTRA_OP_THREADS in runtime/inference/model-cache.ts.
 * Run: npx tsc -p tsconfig.build.json && node dist/bench/inference-threads.js
 */
import { availableParallelism, cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { encodeFloatModel } from "../runtime/inference/index.js";
import { Rng } from "../runtime/rng.js";

const BATCH = 16;
// Short rounds, many of them: other processes' load then falls on every setting alike.
const RUNS = Number(process.env["BENCH_RUNS"] ?? 500);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 41);
const SETTINGS = [1, 2, 0];
const LAYERS: [number, number][] = [[81, 64], [64, 64], [64, 4]];

function mlpModel(): Uint8Array {
  const rng = Rng.fromSeed(1);
  const weights: Record<string, { shape: number[]; values: number[] }> = {};
  const nodes: { op: string; inputs: string[]; outputs: string[] }[] = [];
  let x = "obs";
  LAYERS.forEach(([fanIn, fanOut], i) => {
    weights[`W${i}`] = { shape: [fanIn, fanOut], values: Array.from({ length: fanIn * fanOut }, () => (rng.float() - 0.5) / Math.sqrt(fanIn)) };
    weights[`b${i}`] = { shape: [fanOut], values: Array.from({ length: fanOut }, () => rng.float() - 0.5) };
    const last = i === LAYERS.length - 1;
    nodes.push({ op: "MatMul", inputs: [x, `W${i}`], outputs: [`m${i}`] });
    nodes.push({ op: "Add", inputs: [`m${i}`, `b${i}`], outputs: [last ? "scores" : `a${i}`] });
    if (!last) nodes.push({ op: "Relu", inputs: [`a${i}`], outputs: [`h${i}`] });
    x = `h${i}`;
  });
  return encodeFloatModel({ inputs: { obs: ["batch", 81] }, outputs: { scores: ["batch", 4] }, weights, nodes });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const model = mlpModel();
const rng = Rng.fromSeed(2);
const feeds = { obs: new Tensor("float32", Float32Array.from({ length: BATCH * 81 }, () => rng.float()), [BATCH, 81]) };
const sessions = await Promise.all(
  SETTINGS.map((threads) => InferenceSession.create(model, { executionProviders: ["cpu"], intraOpNumThreads: threads, graphOptimizationLevel: "all" })),
);
for (const session of sessions) for (let i = 0; i < 200; i++) await session.run(feeds);

const times: number[][] = SETTINGS.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  for (const [s, session] of sessions.entries()) {
    // Let the previous setting's pool threads stop spinning, so they do not take cores from this one.
    await sleep(20);
    const start = performance.now();
    for (let i = 0; i < RUNS; i++) await session.run(feeds);
    times[s]!.push(performance.now() - start);
  }
}
await Promise.all(sessions.map((session) => session.release()));

const runsPerSecond = times.map((ms) => (RUNS / median(ms)) * 1000);
console.log(`intra-op threads — MLP 81→64→64→4, batch ${BATCH}, ${RUNS} runs per round, median of ${ROUNDS} rounds`);
console.log(`machine: ${availableParallelism()} logical CPUs (${cpus()[0]?.model ?? "unknown"})`);
console.log(`${"threads".padEnd(16)}${"runs/s".padStart(10)}${"ratio".padStart(9)}`);
SETTINGS.forEach((threads, s) => {
  const label = threads === 0 ? "0 (ORT default)" : String(threads);
  console.log(`${label.padEnd(16)}${Math.round(runsPerSecond[s]!).toLocaleString("en-US").padStart(10)}${(runsPerSecond[s]! / runsPerSecond[0]!).toFixed(3).padStart(9)}`);
});
