/**
 * The LLM policy on the shopping task against a local chat-completions server (bench/fake-chat-server.ts):
 * the first run asks the server and fills the response cache; the rerun of the same seed with
 * cache "offline" must make no request and be bound by the engine, not the network (issue 15's goal:
 * ≥ 1,000 steps/s). The scripted pipeline (no LLM) runs beside them for scale. Reruns alternate with
 * the scripted row; medians give the ratios.
 * Run: npm run build && node dist/bench/llm-cached.js
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { builtinRegistry } from "../nodes/index.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { validatePipeline, type ValidatedPipeline } from "../runtime/pipeline/validate.js";
import { resolveRunSettings } from "../runtime/run-settings.js";
import { startBenchChatServer } from "./fake-chat-server.js";

const EPISODES = Number(process.env["BENCH_EPISODES"] ?? 300);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 5);
const SEED = 1;
const workDir = mkdtempSync(join(tmpdir(), "foresight-bench-llm-"));
const examples = fileURLToPath(new URL("../../examples/", import.meta.url));

/** Completion 0 shops sensibly from the prompt; the others open another result, go back or ramble (a parse failure). */
function answer(prompt: string, choice: number): string {
  const wish = /Instruction: (.*?)(?: in |, and price)/.exec(prompt)?.[1] ?? "shirt";
  if (prompt.includes("[Search]")) return `Action: search[${wish.split(" ").slice(-(2 + choice)).join(" ")}]`;
  if (prompt.includes("[Buy Now]")) return choice === 3 ? "back" : "Action: buy";
  if (choice === 3) return "Hard to say.";
  const clicks = [...prompt.matchAll(/click\[(B0[A-Z0-9]+)\]/g)].map((m) => m[0]);
  return `Action: ${clicks[choice] ?? "back"}`;
}

function pipeline(baseUrl: string, cache: "read-write" | "offline" | null): ValidatedPipeline {
  const doc = JSON.parse(readFileSync(join(examples, "shopping-scripted.foresight.json"), "utf8"));
  doc.nodes = doc.nodes.filter((n: { kind: string }) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e: { to: string }) => !e.to.startsWith("dataset."));
  if (cache) {
    const policy = doc.nodes.find((n: { id: string }) => n.id === "policy");
    policy.params = { variant: "llm", baseUrl, model: "bench", n: 4, requests: "one-with-n", maxTokens: 32, cacheDir: join(workDir, "cache"), cache, maxRequests: 1_000_000 };
    doc.nodes.find((n: { id: string }) => n.id === "sampler").params.n = 4;
  }
  const result = validatePipeline(doc, builtinRegistry(), { pipelineDir: workDir });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

async function run(p: ValidatedPipeline): Promise<{ steps: number; ms: number }> {
  const start = performance.now();
  const result = await runPipeline(p, { runId: "bench", pipelineDir: workDir, runDir: workDir, settings: resolveRunSettings(p.pipeline.run, { episodes: EPISODES, seed: SEED, trace: "off" }) });
  const ms = performance.now() - start;
  if (result.status !== "completed") throw new Error(`${p.pipeline.name} ${result.status}: ${result.failure?.message ?? ""}`);
  return { steps: result.episodes.reduce((sum, e) => sum + e.envSteps, 0), ms };
}

const server = await startBenchChatServer(answer);
const first = await run(pipeline(server.url, "read-write"));
const askedFirst = server.requests();
const offline = pipeline(server.url, "offline");
const scripted = pipeline(server.url, null);
await run(offline); // warm-up
await run(scripted);
const reruns: number[] = [];
const scriptedRuns: number[] = [];
let rerunSteps = 0;
let scriptedSteps = 0;
for (let round = 0; round < ROUNDS; round++) {
  const [a, b] = round % 2 === 0 ? [offline, scripted] : [scripted, offline];
  for (const p of [a, b]) {
    const { steps, ms } = await run(p);
    if (p === offline) [rerunSteps, reruns[round]] = [steps, ms];
    else [scriptedSteps, scriptedRuns[round]] = [steps, ms];
  }
}
const askedRerun = server.requests() - askedFirst;
await server.close();
rmSync(workDir, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows = [
  { name: "first run (server, fills cache)", steps: first.steps, ms: first.ms, requests: askedFirst },
  { name: "rerun, cache offline", steps: rerunSteps, ms: median(reruns), requests: askedRerun },
  { name: "scripted policy, no LLM", steps: scriptedSteps, ms: median(scriptedRuns), requests: 0 },
];
const rate = (r: (typeof rows)[number]) => (r.steps / r.ms) * 1000;
console.log(`LLM policy (n = 4) on the shopping task, local chat server, ${EPISODES} episodes; reruns: median of ${ROUNDS}`);
console.log(`${"run".padEnd(34)}${"steps".padStart(7)}${"requests".padStart(10)}${"ms".padStart(9)}${"steps/s".padStart(10)}${"× first run".padStart(13)}`);
for (const r of rows) {
  console.log(`${r.name.padEnd(34)}${String(r.steps).padStart(7)}${String(r.requests).padStart(10)}${r.ms.toFixed(0).padStart(9)}${Math.round(rate(r)).toLocaleString("en-US").padStart(10)}${(rate(r) / rate(rows[0]!)).toFixed(1).padStart(13)}`);
}
const cached = rate(rows[1]!);
console.log(`goal: cached rerun ≥ 1,000 steps/s — ${Math.round(cached).toLocaleString("en-US")} steps/s, ${askedRerun} requests: ${cached >= 1000 && askedRerun === 0 ? "met" : "NOT met"}`);
if (rows[1]!.steps !== rows[0]!.steps) console.log(`the rerun took ${rows[1]!.steps} steps, the first run ${rows[0]!.steps}: the cache did not replay the run`);
