import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { LlmClient } from "../nodes/llm/client.js";
import type { ChatRequest } from "../nodes/llm/exchange.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { nodeCounters, runCounterMemory } from "../runtime/engine/run-counters.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { foresightAsync, tempDir } from "./fixtures/foresight-process.js";
import { example, playOptions, validated, type PipelineDoc } from "./fixtures/pipelines.js";
import { moveTowardsGoal, startFakeChatServer } from "./fixtures/fake-chat-server.js";

// An LLM node's budget (maxRequests, maxTotalTokens) and concurrency hold for the run, as
// docs/llm-nodes.md says, whether its episodes play in one lane, in lockstep lanes or on worker
// threads. These tests talk to a local HTTP server written here (test/fixtures/fake-chat-server.ts)
// that follows the OpenAI chat-completions protocol exactly, and count requests where they arrive.

const registry = builtinRegistry();
let server: Awaited<ReturnType<typeof startFakeChatServer>>;

beforeEach(async () => {
  server = await startFakeChatServer((prompt) => `Action: ${moveTowardsGoal(prompt)}`, { delayMs: 5 });
});
afterEach(async () => {
  await server.close();
});

/** examples/gridworld-policy-only with the LLM policy (n = 2, no cache) instead of the heuristic, and no dataset. */
function llmPipeline(policy: Record<string, unknown> = {}, run: Record<string, unknown> = {}): PipelineDoc {
  const doc = example("gridworld-policy-only");
  doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
  doc.nodes.find((n) => n.id === "policy")!.params = { variant: "llm", n: 2, baseUrl: server.url, model: "fake", cache: "off", ...policy };
  doc.run = { ...doc.run, ...run };
  return doc;
}

async function play(doc: PipelineDoc, episodes: number) {
  const events: RunEvent[] = [];
  const pipeline = validated(doc, registry);
  const options = playOptions(pipeline, { episodes, seed: 3, trace: "steps", onEvent: (e) => events.push(e) });
  const result = await runPipeline(pipeline, { ...options, pipelineDir: mkdtempSync(join(tmpdir(), "foresight-llm-budget-")) });
  return { result, events };
}

describe("an LLM node's budget and concurrency hold for the whole run", () => {
  it("ends the run when the budget is spent, in a serial run, even where node errors end only their episode", async () => {
    const { result, events } = await play(llmPipeline({ maxRequests: 40 }), 30);
    expect(server.seen.length).toBe(40);
    expect(result.status).toBe("failed");
    expect(result.failure?.message).toMatch(/LLM budget exceeded: node "policy" already sent 40 requests this run \(maxRequests 40\); the run cannot go on/);
    // One node error, the one that ended the run; the episodes after it were not played.
    expect(events.filter((e) => e.type === "node.error")).toEqual([expect.objectContaining({ node: "policy", ends: "run" })]);
    expect(result.episodes.length).toBeLessThan(30);
  });

  it("counts one budget for every lockstep lane", async () => {
    const { result } = await play(llmPipeline({ maxRequests: 40 }, { lockstep: 4 }), 30);
    expect(server.seen.length).toBe(40);
    expect(result.status).toBe("failed");
    expect(result.failure?.message).toContain("LLM budget exceeded");
  });

  it("keeps concurrency 1 across 16 lockstep lanes asking one request per completion", async () => {
    const { result } = await play(llmPipeline({ concurrency: 1, requests: "one-per-completion" }, { lockstep: 16, maxSteps: 3 }), 16);
    expect(result.status).toBe("completed");
    expect(server.seen.length).toBe(16 * 3 * 2);
    expect(server.peakInFlight).toBe(1);
  });

  it("gives each queue batch its episodes' part of the budget, the parts adding up to it", async () => {
    // A queue's batches run in processes that share no memory (host/queue/play-batch.ts passes their part).
    const parts = [0, 10, 20].map((before) => nodeCounters(runCounterMemory(1), 0, { before, count: 10, total: 30 }));
    expect(parts.map((part) => part.partOf(40))).toEqual([13, 13, 14]);
    const connection = { baseUrl: server.url, model: "fake", apiKeyEnv: "FORESIGHT_UNSET_KEY", cache: "off", maxRequests: 40, maxTotalTokens: 10_000, concurrency: 2, maxRetries: 0, timeoutMs: 2000 };
    const client = new LlmClient(connection as never, tmpdir(), "policy", parts[0]);
    const request: ChatRequest = { model: "fake", messages: [{ role: "user", content: "A.G" }], n: 1, temperature: 0, max_tokens: 8, logprobs: false, seed: 1 };
    for (let i = 0; i < 13; i++) await client.complete({ ...request, seed: i }, new AbortController().signal);
    await expect(client.complete({ ...request, seed: 99 }, new AbortController().signal)).rejects.toThrow(
      /already sent 13 requests this batch \(episodes 0–9 of 30\) \(maxRequests 40, of which this batch \(episodes 0–9 of 30\) may use 13\)/,
    );
  });

  it("counts one budget for the run's worker threads (--workers 2), and the CLI exits 1 naming it", async () => {
    const dir = tempDir("llm-budget-workers");
    const file = join(dir, "conf.json");
    writeFileSync(file, JSON.stringify(llmPipeline({ cache: "read-write" })));
    const out = join(dir, "runs");
    const run = await foresightAsync("run", file, "--episodes", "30", "--set", "policy.cache=off", "--set", "policy.maxRequests=40", "--workers", "2", "--quiet", "--out", out);
    expect(server.seen.length).toBeLessThanOrEqual(40);
    expect(server.seen.length).toBeGreaterThan(0);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/run failed: .*LLM budget exceeded: node "policy" already sent 40 requests this run \(maxRequests 40\)/);
    const [runId] = readdirSync(out);
    const summary = JSON.parse(readFileSync(join(out, runId!, "summary.json"), "utf8")) as { status: string; error?: { message: string } };
    expect(summary.status).toBe("failed");
    expect(summary.error?.message).toContain("LLM budget exceeded");
  });
});
