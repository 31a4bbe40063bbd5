import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { BIN, tempDir, writeExampleVariant } from "./fixtures/foresight-process.js";
import { example, playOptions, validated, type PipelineDoc } from "./fixtures/pipelines.js";
import { moveTowardsGoal, startFakeChatServer, type Fault } from "./fixtures/fake-chat-server.js";
import { freePort } from "./fixtures/redis-server.js";
import { testChatRequest, testLlmClient } from "./fixtures/llm-test-client.js";

// How an LLM node fails on a server that will not answer: a long Retry-After fails at once rather
// than stalling the run, a Stop ends a retry's wait, and faults every request would meet alike (a
// refused key, no server) end the run rather than one episode at a time. The server is
// test/fixtures/fake-chat-server.ts, which follows the OpenAI chat-completions protocol, faults scripted per request.

const registry = builtinRegistry();
let server: Awaited<ReturnType<typeof startFakeChatServer>>;
beforeEach(async () => {
  server = await startFakeChatServer((prompt) => `Action: ${moveTowardsGoal(prompt)}`);
});
afterEach(() => server.close());

const request = testChatRequest;
const signal = new AbortController().signal;
const client = (extra: Record<string, unknown> = {}) => testLlmClient(server.url, { timeoutMs: 5000, maxRetries: 2 }, extra);
const faults = (fault: Fault, count: number) => server.faults.push(...Array.from({ length: count }, () => fault));

/** examples/gridworld-policy-only with the LLM policy (one answer a step), no dataset, ending only the episode on a node error. */
function policyPipeline(params: Record<string, unknown> = {}): PipelineDoc {
  const doc = example("gridworld-policy-only");
  doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
  doc.nodes.find((n) => n.id === "policy")!.params = { variant: "llm", n: 1, baseUrl: server.url, model: "fake", cache: "off", maxRetries: 0, ...params };
  doc.run = { ...doc.run, maxSteps: 3, onNodeError: "endEpisode" };
  return doc;
}

async function play(doc: PipelineDoc, episodes: number) {
  const events: RunEvent[] = [];
  const pipeline = validated(doc, registry);
  const options = playOptions(pipeline, { episodes, seed: 7, trace: "steps", onEvent: (e) => events.push(e) });
  const result = await runPipeline(pipeline, { ...options, pipelineDir: mkdtempSync(join(tmpdir(), "foresight-llm-failures-")) });
  return { result, errors: events.filter((e) => e.type === "node.error") };
}

describe("a server asking to wait", () => {
  it("fails at once when Retry-After asks longer than a retry waits, saying so and that a rerun picks up", async () => {
    faults({ kind: "status", status: 429, retryAfter: "3600" }, 3);
    const start = Date.now();
    await expect(client({ cache: "read-write", cacheDir: tempDir("llm-wait") }).complete(request, signal)).rejects.toThrow(
      /failed: HTTP 429: rate limited; the server asked to wait 3600 s \(Retry-After\), longer than a retry waits .*: rerun later \(the cache keeps the answers so far\)$/,
    );
    expect(Date.now() - start).toBeLessThan(2000);
    expect(server.seen).toHaveLength(1);
  });

  it("says how many tries a 429 or 503 took once the retries run out", async () => {
    faults({ kind: "status", status: 503, retryAfter: "0" }, 3);
    await expect(client().complete(request, signal)).rejects.toThrow(/failed: HTTP 503: overloaded \(3 tries\)$/);
    faults({ kind: "status", status: 429, retryAfter: "0" }, 3);
    await expect(client().complete(request, signal)).rejects.toThrow(/failed: HTTP 429: rate limited \(3 tries\)$/);
  });

  it("ends a retry's wait when the run is stopped", async () => {
    faults({ kind: "status", status: 429, retryAfter: "30" }, 3);
    const stop = new AbortController();
    const start = Date.now();
    const asked = client({ timeoutMs: 60_000 }).complete(request, stop.signal);
    setTimeout(() => stop.abort(), 300);
    await expect(asked).rejects.toThrow(/stopped while waiting to retry$/);
    expect(Date.now() - start).toBeLessThan(3000);
  });
});

describe("a fault every request would meet alike ends the run, whatever onNodeError says", () => {
  it.each([401, 403, 404] as const)("HTTP %i: one request, not one per episode", async (status) => {
    faults({ kind: "status", status }, 50);
    const { result, errors } = await play(policyPipeline(), 10);
    expect(server.seen).toHaveLength(1);
    expect(result.status).toBe("failed");
    expect(result.failure?.message).toMatch(new RegExp(`failed: HTTP ${status}: .*; every episode would fail alike, so the run cannot go on$`));
    expect(errors).toEqual([expect.objectContaining({ node: "policy", episode: 0, step: 0, ends: "run" })]);
  });

  it("a refused connection, after its retries", async () => {
    const closed = `http://127.0.0.1:${await freePort()}/v1`;
    const { result } = await play(policyPipeline({ baseUrl: closed, maxRetries: 1 }), 10);
    expect(result.status).toBe("failed");
    expect(result.failure?.message).toContain(`Connection error (ECONNREFUSED) (2 tries): is a server listening at ${closed}?; every episode would fail alike`);
    expect(result.episodes.length).toBeLessThanOrEqual(1);
  });

  it("a server that answers JSON to a streamed request: says to set stream false, asking once", async () => {
    faults({ kind: "ignore-stream" }, 10);
    const { result } = await play(policyPipeline({ stream: true, maxRetries: 2 }), 5);
    expect(server.seen).toHaveLength(1);
    expect(result.failure?.message).toContain("the server answered JSON, not server-sent events, to a request with stream: true (it ignores stream): set the param stream to false");
  });

  it("but a 500 still ends only its episode", async () => {
    faults({ kind: "status", status: 500 }, 1);
    const { result, errors } = await play(policyPipeline(), 2);
    expect(errors).toEqual([expect.objectContaining({ episode: 0, ends: "episode" })]);
    expect(result.episodes.map((e) => e.status)).toEqual(["error", "completed"]);
  });
});

it("says an answer with no content that stopped for length was cut at maxTokens", async () => {
  faults({ kind: "thinking-cut" }, 1);
  await expect(client().complete(request, signal)).rejects.toThrow(
    "choice 0 without message content: the answer was cut at maxTokens (8) before any of it came (a reasoning model's thinking may have used them all): raise maxTokens",
  );
});

it("Ctrl+C during a retry's wait ends the process within seconds, its summary written", async () => {
  faults({ kind: "status", status: 429, retryAfter: "50" }, 20);
  const dir = tempDir("llm-stop-wait");
  try {
    const file = writeExampleVariant("gridworld-policy-only", dir, "wait", (doc) => {
      doc.nodes = doc.nodes.filter((n: { kind: string }) => n.kind !== "dataset");
      doc.edges = doc.edges.filter((e: { to: string }) => !e.to.startsWith("dataset."));
      doc.nodes.find((n: { id: string }) => n.id === "policy").params = { variant: "llm", n: 1, baseUrl: server.url, model: "fake", cache: "off", timeoutMs: 60_000, maxRetries: 3 };
    });
    const out = join(dir, "runs");
    const child = spawn(process.execPath, [BIN, "run", file, "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    while (server.seen.length === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    const pressed = Date.now();
    child.kill("SIGINT");
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const code = await exited;
    clearTimeout(killer);
    expect(Date.now() - pressed).toBeLessThan(4000);
    expect(code).not.toBeNull();
    expect(stderr).toContain("run stopped");
    expect(readdirSync(join(out, readdirSync(out)[0]!))).toContain("summary.json");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);
