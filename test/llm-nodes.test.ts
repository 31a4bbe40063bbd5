import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { LlmClient } from "../nodes/llm/client.js";
import type { ChatRequest } from "../nodes/llm/exchange.js";
import { trustInfo } from "../host/editor-api/trust-info.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { example, playOptions, validated, type PipelineDoc } from "./fixtures/pipelines.js";
import { moveTowardsGoal, startFakeChatServer } from "./fixtures/fake-chat-server.js";
import { freePort } from "./fixtures/redis-server.js";

// These tests talk to a local HTTP server written here (test/fixtures/fake-chat-server.ts) that follows
// the OpenAI chat-completions protocol exactly: the nodes go through the real `openai` client and real sockets.

const KEY = "sk-test-secret-4242";
const registry = builtinRegistry();
let server: Awaited<ReturnType<typeof startFakeChatServer>>;

beforeEach(async () => {
  process.env["FORESIGHT_TEST_LLM_KEY"] = KEY;
  // Choice 2 of every request answers something no parser can read: a parse failure per step, never a crash.
  server = await startFakeChatServer((prompt, choice) => (choice === 2 ? "I would rather not say." : `Action: ${moveTowardsGoal(prompt)}`));
});
afterEach(async () => {
  await server.close();
});

function connection(cacheDir: string, extra: Record<string, unknown> = {}) {
  return { baseUrl: server.url, model: "fake", apiKeyEnv: "FORESIGHT_TEST_LLM_KEY", cacheDir, ...extra };
}

/** examples/gridworld-policy-only with the LLM policy (n = 3) instead of the heuristic, and no dataset. */
function llmPipeline(cacheDir: string, extra: Record<string, unknown> = {}): PipelineDoc {
  const doc = example("gridworld-policy-only");
  doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
  doc.nodes.find((n) => n.id === "policy")!.params = { variant: "llm", n: 3, temperature: 0.7, ...connection(cacheDir, extra) };
  return doc;
}

async function play(doc: PipelineDoc, episodes = 2) {
  const events: RunEvent[] = [];
  const pipeline = validated(doc, registry);
  const options = playOptions(pipeline, { episodes, seed: 7, trace: "full", onEvent: (e) => events.push(e) });
  const result = await runPipeline(pipeline, { ...options, pipelineDir: mkdtempSync(join(tmpdir(), "foresight-llm-pipeline-")) });
  return { result, events, runDir: options.runDir };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("LLM policy on GridWorld against an OpenAI-compatible server", () => {
  it("runs with n > 1 and log-probs, records parse failures per candidate, and a rerun of the same seed makes no request", async () => {
    const cache = mkdtempSync(join(tmpdir(), "foresight-llm-cache-"));
    const first = await play(llmPipeline(cache));
    const steps = first.events.filter((e) => e.type === "step.end");
    expect(steps.length).toBeGreaterThan(0);
    expect(first.events.filter((e) => e.type === "node.error")).toEqual([]);
    expect(server.seen.length).toBe(steps.length);
    expect(server.seen[0]!.body).toMatchObject({ model: "fake", n: 3, logprobs: true });
    expect(server.seen.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);

    const policyEnd = first.events.find((e) => e.type === "node.end" && e.node === "policy");
    const outputs = (policyEnd as Extract<RunEvent, { type: "node.end" }>).outputs;
    // The distribution holds the one parsed action (two completions agree); the third is recorded, not executed.
    expect(outputs["distribution"]).toMatchObject({ kind: "proposals" });
    const exchanges = outputs["exchanges"] as { request: { messages: { content: string }[] }; response: { choices: unknown[] } }[];
    expect(exchanges[0]!.request.messages[0]!.content).toContain("Actions: up, right, down, left");
    expect(exchanges[0]!.response.choices).toHaveLength(3);
    expect(outputs["candidates"]).toEqual([
      expect.objectContaining({ logp: -0.5, parse_error: null, filtered: false }),
      expect.objectContaining({ parse_error: null, filtered: false }),
      expect.objectContaining({ action: null, text: "I would rather not say.", filtered: true, parse_error: expect.stringContaining("names none of the actions") }),
    ]);
    // Each answer in the exchanges says what the policy read from it: the action, or why none.
    expect((exchanges[0] as unknown as { reads: unknown }).reads).toEqual([
      { read: expect.stringMatching(/^(up|right|down|left)$/), error: null },
      { read: expect.stringMatching(/^(up|right|down|left)$/), error: null },
      { read: null, error: expect.stringContaining("names none of the actions") },
    ]);

    // The user hears of the first unreadable answer where it came, and of the run's requests, tokens and failures at its end.
    const notes = (events: RunEvent[]) => events.flatMap((e) => (e.type === "node.log" ? [`${e.node}: ${e.message}`] : []));
    const requests = server.seen.length;
    expect(notes(first.events)).toEqual([
      expect.stringMatching(/^policy: episode 0, step 0: completion 3 of 3 named no action \(.*names none of the actions.*\); such rows are filtered \(reason "parse error"\), and the run's end counts them$/),
      `policy: ${requests} requests sent (${(requests * 55).toLocaleString("en-US")} tokens), 0 answered from the cache; ${requests} of ${requests * 3} completions (33.3\u00a0%) named no action (filtered rows)`,
    ]);
    expect(first.events.at(-2)).toMatchObject({ type: "node.log", node: "policy" });

    const before = server.seen.length;
    const second = await play(llmPipeline(cache));
    expect(server.seen.length - before).toBe(0);
    expect(notes(second.events).at(-1)).toBe(`policy: 0 requests sent, ${requests} answered from the cache; ${requests} of ${requests * 3} completions (33.3\u00a0%) named no action (filtered rows)`);
    const actions = (events: RunEvent[]) => events.flatMap((e) => (e.type === "step.end" ? [e.action] : []));
    expect(actions(second.events)).toEqual(actions(first.events));

    // The key reaches the server's header and nothing else: no trace event, run file or cache file holds it.
    expect(JSON.stringify(first.events)).not.toContain(KEY);
    for (const file of [...filesUnder(cache), ...filesUnder(first.runDir)]) expect(readFileSync(file, "utf8")).not.toContain(KEY);
    expect(filesUnder(cache).length).toBe(before);
  });

  it("streams: the answers assembled from server-sent events are the non-streamed ones, log-probs and all, and share their cache", async () => {
    const traced = (events: RunEvent[]) => events.flatMap((e) => (e.type === "step.end" ? [JSON.stringify([e.action, e.candidates])] : []));
    const plain = await play(llmPipeline(mkdtempSync(join(tmpdir(), "foresight-llm-cache-"))));
    const cache = mkdtempSync(join(tmpdir(), "foresight-llm-cache-"));
    const before = server.seen.length;
    const streamed = await play(llmPipeline(cache, { stream: true }));
    expect(server.seen.slice(before).every((r) => r.body.stream === true && r.body.stream_options?.include_usage === true)).toBe(true);
    expect(streamed.events.filter((e) => e.type === "node.error")).toEqual([]);
    expect(traced(streamed.events)).toEqual(traced(plain.events));
    const policyEnd = streamed.events.find((e) => e.type === "node.end" && e.node === "policy") as Extract<RunEvent, { type: "node.end" }>;
    const [exchange] = policyEnd.outputs["exchanges"] as { response: { choices: { logprobs: { content: unknown[] } }[]; usage: unknown } }[];
    expect(exchange!.response.choices).toHaveLength(3);
    expect(exchange!.response.choices[0]!.logprobs.content.length).toBeGreaterThan(0);
    expect(exchange!.response.usage).toMatchObject({ total_tokens: 55 });

    // Cached by the request, not by how it was received: the rerun without streaming asks nothing.
    const sent = server.seen.length;
    await play(llmPipeline(cache));
    expect(server.seen.length).toBe(sent);
  });

  it("gives each parsed action the probability of the texts naming it: a text sampled twice counts once", async () => {
    await server.close();
    // Four completions: one text twice (p = e^-1 each time), another text for the same action (e^-2), and a second action (e^-3).
    const answers = [
      { content: "Action: up", logprob: -1 },
      { content: "Action: up", logprob: -1 },
      { content: "I would go up.", logprob: -2 },
      { content: "Action: left", logprob: -3 },
    ];
    server = await startFakeChatServer((_prompt, choice) => answers[choice]!);
    const doc = llmPipeline(mkdtempSync(join(tmpdir(), "foresight-llm-cache-")), { n: 4 });
    doc.run = { ...doc.run, maxSteps: 1 };
    const { events } = await play(doc, 1);
    const policyEnd = events.find((e) => e.type === "node.end" && e.node === "policy") as Extract<RunEvent, { type: "node.end" }>;
    const distribution = policyEnd.outputs["distribution"] as { actions: unknown[]; logp: number[] };
    expect(distribution.actions).toHaveLength(2);
    expect(distribution.logp[0]).toBeCloseTo(Math.log(Math.exp(-1) + Math.exp(-2)), 12);
    expect(distribution.logp[1]).toBeCloseTo(-3, 12);
  });

  it("stops with a node error naming the budget when the run's requests run out", async () => {
    const doc = llmPipeline(mkdtempSync(join(tmpdir(), "foresight-llm-cache-")), { maxRequests: 2 });
    doc.run = { ...doc.run, onNodeError: "endRun" };
    const { events } = await play(doc, 1);
    const error = events.find((e) => e.type === "node.error");
    expect(JSON.stringify(error)).toContain('LLM budget exceeded: node \\"policy\\" already sent 2 requests this run (maxRequests 2)');
    expect(server.seen.length).toBe(2);
  });

  it("asks for trust in the editor hosts, naming the server the node calls", () => {
    const doc = llmPipeline("cache");
    const info = trustInfo(doc as unknown as Record<string, unknown>, registry);
    expect(info.scripts).toEqual(["policy"]);
    expect(info.reasons).toEqual([{ node: "policy", does: "calls-server", url: server.url }]);
    expect(JSON.stringify(info)).not.toContain(KEY);
  });

  it("ships an example that validates and names its server for trust", () => {
    const doc = example("gridworld-llm");
    validated(doc, registry);
    expect(trustInfo(doc as unknown as Record<string, unknown>, registry).scripts).toEqual(["policy"]);
    expect(doc.nodes.find((n) => n.id === "policy")!.params["baseUrl"]).toBe("http://127.0.0.1:8080/v1");
  });
});

describe("the LLM client's handling of server faults", () => {
  const request: ChatRequest = { model: "fake", messages: [{ role: "user", content: "State:\nA.G\nActions: up" }], n: 1, temperature: 0, max_tokens: 8, logprobs: false, seed: 1 };
  const client = (extra: Record<string, unknown> = {}) =>
    new LlmClient(
      { temperature: 0, maxTokens: 8, stop: [], system: "", cache: "off", timeoutMs: 2000, maxRetries: 2, concurrency: 2, maxRequests: 100, maxTotalTokens: 10_000, ...connection("unused"), ...extra } as never,
      tmpdir(),
      "judge",
    );
  const signal = new AbortController().signal;

  it("waits as Retry-After says after a 429, retries a 500, then answers", async () => {
    server.faults.push({ kind: "status", status: 429, retryAfter: "1" }, { kind: "status", status: 500 });
    const start = Date.now();
    const exchange = await client().complete(request, signal);
    expect(Date.now() - start).toBeGreaterThanOrEqual(950);
    expect(server.seen.length).toBe(3);
    expect(exchange.response).toMatchObject({ choices: [{ message: { content: "Action: right" } }] });
  });

  it("gives up after its retries with the status in the message", async () => {
    server.faults.push({ kind: "status", status: 500 }, { kind: "status", status: 500 });
    await expect(client({ maxRetries: 1 }).complete(request, signal)).rejects.toThrow(/chat\/completions \(model "fake"\) failed: HTTP 500/);
  });

  it("says once what a 404 status is, and what usually causes it: a base URL without /v1", async () => {
    const withoutPrefix = client({ baseUrl: server.url.replace(/\/v1$/, ""), maxRetries: 0 });
    await expect(withoutPrefix.complete(request, signal)).rejects.toThrow(
      /failed: HTTP 404: no route POST \/chat\/completions \(is baseUrl the API's root, .* usually ending in \/v1 .*\); every episode would fail alike, so the run cannot go on$/,
    );
  });

  it("times out a request that hangs, naming the limit", async () => {
    server.faults.push({ kind: "hang" });
    await expect(client({ timeoutMs: 300, maxRetries: 0 }).complete(request, signal)).rejects.toThrow(/failed: no complete answer within timeoutMs 300$/);
  });

  it("says why it could not connect, and asks whether a server listens there", async () => {
    const closed = `http://127.0.0.1:${await freePort()}/v1`;
    await expect(client({ baseUrl: closed, maxRetries: 1 }).complete(request, signal)).rejects.toThrow(`failed: Connection error (ECONNREFUSED) (2 tries): is a server listening at ${closed}?`);
  });

  it("reports a malformed JSON body as a failed request, not a crash", async () => {
    server.faults.push({ kind: "malformed" }, { kind: "malformed" }, { kind: "malformed" });
    await expect(client({ maxRetries: 0 }).complete(request, signal)).rejects.toThrow(/failed: /);
  });

  it("answers offline from the cache only, and says so on a miss", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "foresight-llm-cache-"));
    await client({ cache: "read-write", cacheDir }).complete(request, signal);
    const again = await client({ cache: "offline", cacheDir }).complete(request, signal);
    expect(again.cached).toBe(true);
    expect(server.seen.length).toBe(1);
    await expect(client({ cache: "offline", cacheDir }).complete({ ...request, seed: 2 }, signal)).rejects.toThrow(/cache is "offline" and holds no response/);
  });
});

describe("LLM Q-scorer on GridWorld against an OpenAI-compatible server", () => {
  /** examples/gridworld-vgps with the LLM scorer instead of the oracle (4 samples), no risk filter (it reads the oracle's risk), no dataset. */
  function scorerPipeline(mode: "score" | "judge"): PipelineDoc {
    const doc = example("gridworld-vgps");
    doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset" && n.id !== "risk");
    doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset.") && !e.to.startsWith("risk."));
    doc.edges.find((e) => e.to === "executor.candidates")!.from = "q.candidates";
    doc.nodes.find((n) => n.id === "sampler")!.params["n"] = 4;
    doc.nodes.find((n) => n.id === "q")!.params = { variant: "llm", mode, ...connection(mkdtempSync(join(tmpdir(), "foresight-llm-cache-"))) };
    return doc;
  }
  const scoredSteps = (events: RunEvent[]) => events.flatMap((e) => (e.type === "step.end" && e.candidates ? [e.candidates] : []));

  it("scores each candidate 0–1 (an unreadable answer is a score_error, q 0) and the executor takes the best", async () => {
    await server.close();
    // The move towards the goal is worth 0.9, "left" gets an answer with no number, the rest 0.2.
    server = await startFakeChatServer((prompt) => {
      const action = /Proposed action: (\w+)/.exec(prompt)?.[1];
      return action === moveTowardsGoal(prompt) ? "0.9" : action === "left" ? "no idea" : "0.2";
    });
    const { result, events } = await play(scorerPipeline("score"), 1);
    expect(result.episodes.map((e) => e.status)).toEqual(["completed"]);
    const steps = scoredSteps(events);
    expect(steps.length).toBeGreaterThan(0);
    for (const rows of steps) {
      for (const row of rows) {
        expect([0, 0.2, 0.9]).toContain(row["q"]);
        expect(row["score_error"]).toBe(row["q"] === 0 ? "the answer holds no number" : null);
      }
      const best = Math.max(...rows.filter((row) => row["filtered"] !== true).map((row) => row["q"] as number));
      expect(rows.find((row) => row["selected"] === true)!["q"]).toBe(best);
    }
    // One request per distinct action of a step (rows of one action share its answer), none of them carrying the key in the body.
    const distinct = (rows: (typeof steps)[number]) => new Set(rows.map((row) => JSON.stringify(row["action"]))).size;
    expect(server.seen.length).toBe(steps.reduce((sum, rows) => sum + distinct(rows), 0));
    const unreadable = steps.reduce((sum, rows) => sum + distinct(rows.filter((row) => row["q"] === 0)), 0);
    expect(unreadable).toBeGreaterThan(0);
    const notes = events.flatMap((e) => (e.type === "node.log" ? [e.message] : []));
    expect(notes).toEqual([
      expect.stringMatching(/^episode 0, step \d+: the answer for "left" held no usable score \(the answer holds no number\); such rows score 0, and the run's end counts them$/),
      expect.stringMatching(new RegExp(`^${server.seen.length} requests sent \\([\\d,]+ tokens\\), 0 answered from the cache; ${unreadable} of ${server.seen.length} answers \\([\\d.]+\u00a0%\\) held no usable score \\(those rows scored 0\\)$`)),
    ]);
    expect(JSON.stringify(server.seen.map((s) => s.body))).not.toContain(KEY);
    // Each answer in the exchanges says what the scorer read from it: its q, or why none.
    const reads = events.flatMap((e) => (e.type === "node.end" && e.node === "q" ? (e.outputs["exchanges"] as { reads: unknown[] }[]).flatMap((x) => x.reads) : []));
    expect(new Set(reads.map((r) => JSON.stringify(r)))).toEqual(new Set([{ read: "q 0.9", error: null }, { read: "q 0.2", error: null }, { read: null, error: "the answer holds no number" }].map((r) => JSON.stringify(r))));
  });

  it("judges: the numbered candidate it names is marked judge = true with q 1, the others q 0", async () => {
    await server.close();
    server = await startFakeChatServer((prompt) => {
      const wanted = moveTowardsGoal(prompt);
      const line = prompt.split("\n").find((l) => new RegExp(`^\\d+\\. ${wanted}$`).test(l));
      return line ? `Candidate ${line.split(".")[0]}` : "Candidate 1";
    });
    const { result, events } = await play(scorerPipeline("judge"), 1);
    expect(result.episodes.map((e) => e.status)).toEqual(["completed"]);
    for (const rows of scoredSteps(events)) {
      const picked = rows.filter((row) => row["judge"] === true);
      expect(picked).toHaveLength(1);
      expect(picked[0]!["q"]).toBe(1);
      expect(rows.filter((row) => row["judge"] !== true).every((row) => row["q"] === 0)).toBe(true);
    }
    // One request per step.
    expect(server.seen.length).toBe(scoredSteps(events).length);
  });
});
