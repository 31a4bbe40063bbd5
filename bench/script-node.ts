/**
 * What the Script sandbox's own thread costs: examples/gridworld-script (N=16 candidates; dataset left
 * out, trace off) played with the Script node as shipped (QuickJS on its own thread, calls answered
 * through shared memory) and with the previous design (QuickJS on the engine's thread, built below:
 * same script, same boundary, same JSON), and the bare call of each on one step's candidate table.
 * Rounds alternate so drift hits both; prints the medians and their ratios.
 * Run: npx tsc -p tsconfig.build.json && node dist/bench/script-node.js
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getQuickJS, shouldInterruptAfterDeadline, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime } from "quickjs-emscripten";
import { builtinNodeKinds } from "../nodes/index.js";
import { fromScript, toScript } from "../nodes/script/boundary.js";
import { compileScript } from "../nodes/script/compile.js";
import { scriptKind } from "../nodes/script/index.js";
import { ScriptSandbox, type RandomSeed } from "../nodes/script/sandbox.js";
import { CandidateTable } from "../runtime/candidate-table.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import type { AnyNodeKind, OutputPorts, OutputValues } from "../runtime/node-kind.js";
import { validatePipeline, type ValidatedPipeline } from "../runtime/pipeline/validate.js";
import { NodeRegistry } from "../runtime/registry.js";
import { resolveRunSettings } from "../runtime/run-settings.js";

const EPISODES = Number(process.env["BENCH_EPISODES"] ?? 100);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 7);
const CALLS = Number(process.env["BENCH_CALLS"] ?? 3000);
const DRIVER = "(() => { const parse = JSON.parse, stringify = JSON.stringify; return (run, text) => stringify(run(parse(text))); })()";
const workDir = mkdtempSync(join(tmpdir(), "foresight-bench-script-"));

/** The previous design's sandbox: QuickJS on the caller's thread, the deadline checked between bytecodes only. */
class InThreadSandbox {
  private constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly context: QuickJSContext,
    private readonly driver: QuickJSHandle,
    private readonly run: QuickJSHandle,
    private readonly timeoutMs: number,
  ) {}

  static async open(js: string, timeoutMs: number, memoryMB: number): Promise<InThreadSandbox> {
    const runtime = (await getQuickJS()).newRuntime();
    runtime.setMemoryLimit(memoryMB * 1024 * 1024);
    const context = runtime.newContext();
    const driver = context.unwrapResult(context.evalCode(DRIVER));
    context.unwrapResult(context.evalCode(js)).dispose();
    return new InThreadSandbox(runtime, context, driver, context.unwrapResult(context.evalCode("run")), timeoutMs);
  }

  call(inputsJson: string): unknown {
    const text = this.context.newString(inputsJson);
    this.runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + this.timeoutMs));
    try {
      const result = this.context.unwrapResult(this.context.callFunction(this.driver, this.context.undefined, this.run, text));
      const json = this.context.getString(result);
      result.dispose();
      return JSON.parse(json) as unknown;
    } finally {
      this.runtime.removeInterruptHandler();
      text.dispose();
    }
  }

  dispose(): void {
    this.run.dispose();
    this.driver.dispose();
    this.context.dispose();
    this.runtime.dispose();
  }
}

/** The Script kind with the previous design's sandbox: same params, ports and boundary. */
const inThreadScriptKind: typeof scriptKind = {
  ...scriptKind,
  async create(p) {
    const compiled = compileScript(p.code);
    if (!compiled.ok) throw new Error(compiled.problem);
    const sandbox = await InThreadSandbox.open(compiled.js, p.timeoutMs, p.memoryMB);
    return {
      run(inputs) {
        const values = Object.fromEntries(p.inputs.map(({ name, type }) => [name, toScript(type, inputs[name])]));
        const returned = sandbox.call(JSON.stringify(values)) as Record<string, unknown>;
        return Object.fromEntries(p.outputs.map(({ name, type }) => [name, fromScript(type, name, returned[name])])) as OutputValues<OutputPorts>;
      },
      close: () => sandbox.dispose(),
    };
  },
};

function loadPipeline(kinds: readonly AnyNodeKind[]): ValidatedPipeline {
  const doc = JSON.parse(readFileSync(new URL("../../examples/gridworld-script.foresight.json", import.meta.url), "utf8"));
  doc.nodes = doc.nodes.filter((n: { kind: string }) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e: { to: string }) => !e.to.startsWith("dataset."));
  const result = validatePipeline(doc, new NodeRegistry(kinds));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

/** Plays the pipeline; answers its time (node creation included: the thread starts there), its episodes' time, and what it played. */
async function play(pipeline: ValidatedPipeline): Promise<{ ms: number; episodesMs: number; steps: number; outcomes: string }> {
  const started = performance.now();
  const settings = resolveRunSettings(pipeline.pipeline.run, { episodes: EPISODES, seed: 1, trace: "off" });
  const result = await runPipeline(pipeline, { runId: "bench", pipelineDir: ".", runDir: workDir, settings });
  if (result.status !== "completed") throw new Error(`the run ${result.status}: ${result.failure?.message}`);
  const ms = performance.now() - started;
  const episodesMs = result.episodes.reduce((total, e) => total + e.ms, 0);
  return { ms, episodesMs, steps: result.episodes.reduce((total, e) => total + e.envSteps, 0), outcomes: JSON.stringify(result.episodes.map(({ ms: _ms, ...rest }) => rest)) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const shipped = loadPipeline(builtinNodeKinds);
const previous = loadPipeline(builtinNodeKinds.map((kind) => (kind.kind === "script" ? inThreadScriptKind : kind)));
const script = shipped.nodes.find((n) => n.kind.kind === "script")!.params as { code: string; timeoutMs: number; memoryMB: number };
const js = (compileScript(script.code) as { js: string }).js;
const table = CandidateTable.of(
  Array.from({ length: 16 }, (_, i) => i % 4),
  { logp: Array(16).fill(-1.386), q: Array.from({ length: 16 }, (_, i) => i / 16), risk: Array.from({ length: 16 }, (_, i) => (i % 3) / 4), filtered: Array(16).fill(false) },
);
const inputsJson = JSON.stringify({ candidates: toScript("candidates", table) });
const seed: RandomSeed = [1, 2, 3, 4];
const threaded = await ScriptSandbox.open(js, script);
const inThread = await InThreadSandbox.open(js, script.timeoutMs, script.memoryMB);
if (JSON.stringify(threaded.call(inputsJson, seed)) !== JSON.stringify(inThread.call(inputsJson))) throw new Error("the two sandboxes answered differently");

const times = { shipped: [] as number[], previous: [] as number[], shippedEpisodes: [] as number[], previousEpisodes: [] as number[], threadCall: [] as number[], inThreadCall: [] as number[] };
let steps = 0;
await play(previous); // warm-up
await play(shipped);
for (let round = 0; round < ROUNDS; round++) {
  const a = await play(previous);
  const b = await play(shipped);
  if (a.outcomes !== b.outcomes) throw new Error("the two designs played different episodes");
  steps = a.steps;
  times.previous.push(a.ms);
  times.shipped.push(b.ms);
  times.previousEpisodes.push(a.episodesMs);
  times.shippedEpisodes.push(b.episodesMs);
  for (const [name, call] of [
    ["inThreadCall", () => inThread.call(inputsJson)],
    ["threadCall", () => threaded.call(inputsJson, seed)],
  ] as const) {
    const started = performance.now();
    for (let i = 0; i < CALLS; i++) call();
    times[name].push(((performance.now() - started) / CALLS) * 1000);
  }
}
threaded.dispose();
inThread.dispose();
rmSync(workDir, { recursive: true, force: true });

const previousMs = median(times.previous);
const shippedMs = median(times.shipped);
console.log(`Script node — gridworld-script, N=16, ${EPISODES} episodes (${steps} steps) per round, median of ${ROUNDS} rounds`);
console.log(`${"".padEnd(34)}${"previous".padStart(12)}${"shipped".padStart(12)}${"ratio".padStart(9)}`);
const row = (name: string, before: number, after: number, unit: string) =>
  console.log(`${name.padEnd(34)}${(before.toFixed(1) + unit).padStart(12)}${(after.toFixed(1) + unit).padStart(12)}${(after / before).toFixed(3).padStart(9)}`);
row("pipeline, ms per round (all)", previousMs, shippedMs, "");
row("episodes only, µs per step", (median(times.previousEpisodes) / steps) * 1000, (median(times.shippedEpisodes) / steps) * 1000, "");
row("one run() call (16 candidates), µs", median(times.inThreadCall), median(times.threadCall), "");
console.log("previous: QuickJS on the engine's thread (no hard deadline, memory capped per allocation only); shipped: its own thread,");
console.log("started with the node (a round's time includes it; the episodes' time does not)");
