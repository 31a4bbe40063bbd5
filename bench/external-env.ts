/**
 * An external environment's cost: Gymnasium's CartPole-v1 stepped by a plain Python loop (random
 * actions, `env.step(env.action_space.sample())`) and by a Foresight pipeline with the policy alone
 * (uniform random, one sample, argmax; no dataset, trace off) driving the same environment through the
 * protocol (python -m foresight_env). Rounds alternate so drift hits both; prints the medians, their
 * ratio and the time the protocol adds per step.
 * Run: npm run build && FORESIGHT_PYTHON=.venv/bin/python node dist/bench/external-env.js
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtinRegistry } from "../nodes/index.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { validatePipeline, type ValidatedPipeline } from "../runtime/pipeline/validate.js";
import { resolveRunSettings } from "../runtime/run-settings.js";

const STEPS = Number(process.env["BENCH_STEPS"] ?? 20_000);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 5);
const PYTHON = process.env["FORESIGHT_PYTHON"] ?? ".venv/bin/python";

const pythonLoop = `
import sys, time, gymnasium as gym
env = gym.make("CartPole-v1")
env.reset(seed=1)
env.action_space.seed(1)
steps = int(sys.argv[1])
start = time.perf_counter()
for _ in range(steps):
    _, _, terminated, truncated, _ = env.step(env.action_space.sample())
    if terminated or truncated:
        env.reset()
print(steps / (time.perf_counter() - start))
`;

/** Steps per second of the plain Python loop (its own clock, startup excluded). */
function pythonStepsPerSecond(): number {
  const result = spawnSync(PYTHON, ["-c", pythonLoop, String(STEPS)], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${PYTHON} could not run the Gymnasium loop: ${result.error?.message ?? result.stderr}`);
  return Number(result.stdout.trim());
}

function loadPipeline(): ValidatedPipeline {
  const doc = JSON.parse(readFileSync(new URL("../../examples/cartpole-random.foresight.json", import.meta.url), "utf8"));
  doc.nodes = doc.nodes.filter((n: { kind: string }) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e: { to: string }) => !e.to.startsWith("dataset."));
  doc.nodes[0].params.python = PYTHON;
  const result = validatePipeline(doc, builtinRegistry());
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

/** Steps per second of the pipeline over its episodes (process start and spaces excluded). */
async function pipelineStepsPerSecond(pipeline: ValidatedPipeline): Promise<number> {
  // Random CartPole episodes last ~22 steps; play enough of them for STEPS steps.
  const result = await runPipeline(pipeline, { runId: "bench", pipelineDir: ".", runDir: mkdtempSync(join(tmpdir(), "foresight-bench-ext-")), settings: resolveRunSettings(pipeline.pipeline.run, { episodes: Math.ceil(STEPS / 22), seed: 1, trace: "off" }) });
  if (result.status !== "completed") throw new Error(`the pipeline run ${result.status}: ${result.failure?.message}`);
  const steps = result.episodes.reduce((total, e) => total + e.envSteps, 0);
  const ms = result.episodes.reduce((total, e) => total + e.ms, 0);
  return steps / (ms / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const pipeline = loadPipeline();
const python: number[] = [];
const foresight: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  python.push(pythonStepsPerSecond());
  foresight.push(await pipelineStepsPerSecond(pipeline));
  console.log(`round ${round + 1}: python loop ${python.at(-1)!.toFixed(0)} steps/s, pipeline ${foresight.at(-1)!.toFixed(0)} steps/s`);
}
const p = median(python);
const f = median(foresight);
console.log(`CartPole-v1, ${STEPS} steps per round, medians of ${ROUNDS} rounds`);
console.log(`python loop (in-process env)         ${p.toFixed(0)} steps/s  (${(1e6 / p).toFixed(1)} µs/step)`);
console.log(`pipeline, environment via protocol   ${f.toFixed(0)} steps/s  (${(1e6 / f).toFixed(1)} µs/step)`);
console.log(`ratio pipeline / python loop         ${(f / p).toFixed(3)} (goal ≥ 0.7)`);
console.log(`added per step over the python loop  ${(1e6 / f - 1e6 / p).toFixed(1)} µs (engine, policy, sampler, executor and the round trip)`);
