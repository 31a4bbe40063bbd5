/**
 * How soon a run in the editor shows something: from `startWorkerRun` (what Run does in
 * `foresight serve` and the desktop app) to the run's first events, for the learned-Q V-GPS pipeline
 * (5 episodes, trace off), on a fresh thread ("cold") and on one started ahead and left standing
 * by, as the editor's backend keeps one (`prestartRunWorker`, host/worker-standby.ts). Rounds
 * alternate the two, so the machine's drift hits both; the medians and their ratio are printed.
 * Run: npm run build && node dist/bench/run-start.js   Env: BENCH_ROUNDS (7).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { prestartRunWorker, startWorkerRun } from "../host/worker-run.js";

const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 7);
/** Long enough for a thread started ahead to have loaded its modules, as between two clicks on Run. */
const STANDING_MS = 1500;
const pipelineFile = fileURLToPath(new URL("../../examples/gridworld-vgps-onnx.foresight.json", import.meta.url));
const doc = JSON.parse(readFileSync(pipelineFile, "utf8")) as unknown;
const outDir = mkdtempSync(join(tmpdir(), "foresight-bench-run-start-"));

/** Milliseconds to the first events, and to the run's end. */
async function timedRun(): Promise<{ first: number; done: number }> {
  const start = performance.now();
  let first: number | undefined;
  const run = startWorkerRun({ doc, pipelineFile, outDir, overrides: { episodes: 5, trace: "off" } }, () => (first ??= performance.now() - start));
  const outcome = await run.done;
  if (!outcome.ok) throw new Error(`the run was refused: ${outcome.problems.join("; ")}`);
  return { first: first!, done: performance.now() - start };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cold: { first: number; done: number }[] = [];
const standing: { first: number; done: number }[] = [];
// One unmeasured run first: the host's own modules and files warm, as in a host that has been up a while.
await timedRun();
for (let round = 0; round < ROUNDS; round++) {
  // startWorkerRun starts no thread ahead by itself: after a run, the next one is cold unless prestarted.
  cold.push(await timedRun());
  prestartRunWorker();
  await sleep(STANDING_MS);
  standing.push(await timedRun());
  process.stderr.write(`round ${round + 1}: first events after ${cold.at(-1)!.first.toFixed(0)} ms cold, ${standing.at(-1)!.first.toFixed(0)} ms standing by\n`);
}
rmSync(outDir, { recursive: true, force: true });

const row = (name: string, runs: { first: number; done: number }[]) => `| ${name} | ${median(runs.map((r) => r.first)).toFixed(0)} | ${median(runs.map((r) => r.done)).toFixed(0)} |`;
console.log(`\nRun to first events, learned-Q V-GPS, 5 episodes, trace off; medians of ${ROUNDS} rounds\n`);
console.log("| run thread | first events, ms | run ended, ms |\n| --- | ---: | ---: |");
console.log(row("started by the run (cold)", cold));
console.log(row("standing by", standing));
console.log(`\nfirst events: standing by is ${(median(cold.map((r) => r.first)) / median(standing.map((r) => r.first))).toFixed(1)}× sooner`);
