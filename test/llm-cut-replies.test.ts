import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { example, playOptions, validated } from "./fixtures/pipelines.js";
import { moveTowardsGoal, startFakeChatServer, type Fault } from "./fixtures/fake-chat-server.js";
import { testChatRequest, testLlmClient } from "./fixtures/llm-test-client.js";

// Replies that stop mid-body: headers and a first part, then silence, a closed connection or an early
// end. The local server (test/fixtures/fake-chat-server.ts) follows the OpenAI chat-completions
// protocol; the nodes go through the real `openai` client and real sockets.

let server: Awaited<ReturnType<typeof startFakeChatServer>>;
beforeEach(async () => {
  server = await startFakeChatServer((prompt) => `Action: ${moveTowardsGoal(prompt)}`);
});
afterEach(() => server.close());

const request = testChatRequest;
const signal = new AbortController().signal;
const client = (extra: Record<string, unknown> = {}) => testLlmClient(server.url, { timeoutMs: 400, maxRetries: 1 }, extra);

describe.each([false, true])("a reply that stops mid-body (stream %s)", (stream) => {
  it("times out when it stalls, within timeoutMs a try, each try counted", async () => {
    server.faults.push({ kind: "cut", how: "stall" }, { kind: "cut", how: "stall" });
    const start = Date.now();
    await expect(client({ stream }).complete(request, signal)).rejects.toThrow(/failed: no complete answer within timeoutMs 400 \(2 tries\)$/);
    // Two tries of 400 ms and the client's back-off between them (at most a second): well within this bound
    // on a loaded machine, and far from the forever a stalled body took.
    expect(Date.now() - start).toBeLessThan(10_000);
    expect(server.seen.length).toBe(2);
  });

  it.each(["reset", "truncate"] as const)("is retried when the connection ends it early (%s), and answers", async (how) => {
    server.faults.push({ kind: "cut", how });
    const exchange = await client({ stream }).complete(request, signal);
    expect(exchange.response).toMatchObject({ choices: [{ message: { content: "Action: right" } }] });
    expect(server.seen.length).toBe(2);
  });

  it.each(["reset", "truncate"] as const)("says the reply was cut off (%s) once the tries run out", async (how) => {
    server.faults.push({ kind: "cut", how }, { kind: "cut", how });
    await expect(client({ stream }).complete(request, signal)).rejects.toThrow(/failed: the (connection closed mid-reply|reply was cut off).* \(2 tries\)$/);
    expect(server.seen.length).toBe(2);
  });
});

describe("a JSON body that ends right after a whole value, its length fitting it", () => {
  it("is retried, and answers", async () => {
    server.faults.push({ kind: "cut", how: "after-value" });
    const exchange = await client().complete(request, signal);
    expect(exchange.response).toMatchObject({ choices: [{ message: { content: "Action: right" } }] });
    expect(server.seen.length).toBe(2);
  });

  it("says the reply was cut off once the tries run out", async () => {
    server.faults.push({ kind: "cut", how: "after-value" }, { kind: "cut", how: "after-value" });
    await expect(client().complete(request, signal)).rejects.toThrow(/failed: the reply was cut off: its JSON body ends unfinished after 84 characters .* \(2 tries\)$/);
    expect(server.seen.length).toBe(2);
  });
});

it("ends a step whose reply stalls with a node error naming node, episode and step, and the run goes on", async () => {
  const doc = example("gridworld-policy-only");
  doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
  doc.nodes.find((n) => n.id === "policy")!.params = { variant: "llm", n: 1, baseUrl: server.url, model: "fake", cache: "off", timeoutMs: 300, maxRetries: 0 };
  doc.run = { ...doc.run, maxSteps: 2 };
  server.faults.push({ kind: "cut", how: "stall" });
  const events: RunEvent[] = [];
  const pipeline = validated(doc, builtinRegistry());
  const options = playOptions(pipeline, { episodes: 1, seed: 7, trace: "full", onEvent: (e) => events.push(e) });
  await runPipeline(pipeline, { ...options, pipelineDir: mkdtempSync(join(tmpdir(), "foresight-llm-cut-")) });
  const error = events.find((e) => e.type === "node.error");
  expect(error).toMatchObject({ node: "policy", episode: 0, step: 0 });
  expect(JSON.stringify(error)).toContain("no complete answer within timeoutMs 300");
}, 10_000);

describe("a failed exchange", () => {
  async function failedStep(faults: Fault[], maxRetries: number, params: Record<string, unknown> = {}): Promise<Extract<RunEvent, { type: "node.error" }>> {
    const doc = example("gridworld-policy-only");
    doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
    doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
    doc.nodes.find((n) => n.id === "policy")!.params = { variant: "llm", n: 1, baseUrl: server.url, model: "fake", cache: "off", timeoutMs: 2000, maxRetries, ...params };
    doc.run = { ...doc.run, maxSteps: 1 };
    server.faults.push(...faults);
    const events: RunEvent[] = [];
    const pipeline = validated(doc, builtinRegistry());
    await runPipeline(pipeline, { ...playOptions(pipeline, { episodes: 1, seed: 7, trace: "full", onEvent: (e) => events.push(e) }), pipelineDir: mkdtempSync(join(tmpdir(), "foresight-llm-failed-")) });
    return events.find((e): e is Extract<RunEvent, { type: "node.error" }> => e.type === "node.error")!;
  }

  it("keeps its request, the raw reply cut off, the tries and why in the trace with the node's error", async () => {
    const error = await failedStep([{ kind: "cut", how: "after-value" }, { kind: "cut", how: "after-value" }], 1);
    const [exchange] = error.outputs!["exchanges"] as { request: { messages: { content: string }[] }; response: unknown; tries: number; ms: number; error: string }[];
    expect(exchange!.request.messages.at(-1)!.content).toContain("Actions: up, right, down, left");
    expect(exchange!.response).toBe('{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"Action: up"');
    expect(exchange).toMatchObject({ tries: 2, error: expect.stringContaining("the reply was cut off") });
  });

  it("keeps a reply that is no answer, as it came", async () => {
    const error = await failedStep([{ kind: "html" }], 0);
    const [exchange] = error.outputs!["exchanges"] as { response: unknown; tries: number; error: string }[];
    expect(exchange).toMatchObject({ response: "<html><body><h1>502 Bad Gateway</h1></body></html>", tries: 1, error: expect.stringContaining("not a chat completion") });
  });

  it("keeps the step's answered requests beside the one that failed, in request order", async () => {
    const error = await failedStep([{ kind: "html" }], 0, { n: 3, requests: "one-per-completion", concurrency: 1 });
    const exchanges = error.outputs!["exchanges"] as { request: { seed: number }; response: unknown; error?: string }[];
    expect(exchanges).toHaveLength(3);
    const seeds = exchanges.map((e) => e.request.seed);
    expect(seeds).toEqual([seeds[0], seeds[0]! + 1, seeds[0]! + 2]);
    expect(exchanges[0]).toMatchObject({ response: "<html><body><h1>502 Bad Gateway</h1></body></html>", error: expect.stringContaining("not a chat completion") });
    for (const answered of exchanges.slice(1)) expect(answered).toMatchObject({ response: { choices: [{ message: { content: "Action: right" } }] } });
    expect(exchanges.slice(1).every((e) => e.error === undefined)).toBe(true);
    expect(server.seen).toHaveLength(3);
  });
});
