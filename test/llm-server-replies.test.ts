import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { requestHash, ResponseCache } from "../nodes/llm/cache.js";
import { llmConnectionParams } from "../nodes/llm/params.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { example, playOptions, validated, type PipelineDoc } from "./fixtures/pipelines.js";
import { moveTowardsGoal, startFakeChatServer, type FakeAnswer } from "./fixtures/fake-chat-server.js";
import { testChatRequest, testLlmClient } from "./fixtures/llm-test-client.js";

// What the LLM nodes make of a server's replies that are no usable answer: an HTML page, fewer
// answers than asked, answers with no number, a refused key. These tests talk to a local HTTP server
// written here (test/fixtures/fake-chat-server.ts) that follows the OpenAI chat-completions protocol
// exactly, faults scripted per request; the nodes go through the real `openai` client and sockets.

const registry = builtinRegistry();
let server: Awaited<ReturnType<typeof startFakeChatServer>>;
const towardsGoal: FakeAnswer = (prompt) => `Action: ${moveTowardsGoal(prompt)}`;

async function serve(answer: FakeAnswer): Promise<void> {
  await server?.close();
  server = await startFakeChatServer(answer);
}
beforeEach(() => serve(towardsGoal));
afterEach(() => server.close());

const request = testChatRequest;
const signal = new AbortController().signal;
const client = (extra: Record<string, unknown> = {}) => testLlmClient(server.url, { timeoutMs: 2000, maxRetries: 0 }, extra);

async function play(doc: PipelineDoc, episodes = 1) {
  const events: RunEvent[] = [];
  const pipeline = validated(doc, registry);
  const options = playOptions(pipeline, { episodes, seed: 7, trace: "full", onEvent: (e) => events.push(e) });
  const result = await runPipeline(pipeline, { ...options, pipelineDir: mkdtempSync(join(tmpdir(), "foresight-llm-replies-")) });
  return { result, events, errors: events.filter((e) => e.type === "node.error") };
}

/** examples/gridworld-policy-only with the LLM policy instead of the heuristic, and no dataset. */
function policyPipeline(params: Record<string, unknown> = {}): PipelineDoc {
  const doc = example("gridworld-policy-only");
  doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
  doc.nodes.find((n) => n.id === "policy")!.params = { variant: "llm", n: 3, baseUrl: server.url, model: "fake", cache: "off", maxRetries: 0, ...params };
  doc.run = { ...doc.run, maxSteps: 2 };
  return doc;
}

/** examples/gridworld-vgps with the LLM scorer instead of the oracle (4 samples), no risk filter, no dataset. */
function scorerPipeline(mode: "score" | "judge", params: Record<string, unknown> = {}): PipelineDoc {
  const doc = example("gridworld-vgps");
  doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset" && n.id !== "risk");
  doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset.") && !e.to.startsWith("risk."));
  doc.edges.find((e) => e.to === "executor.candidates")!.from = "q.candidates";
  doc.nodes.find((n) => n.id === "sampler")!.params["n"] = 4;
  doc.nodes.find((n) => n.id === "q")!.params = { variant: "llm", mode, baseUrl: server.url, model: "fake", cache: "off", ...params };
  doc.run = { ...doc.run, maxSteps: 2 };
  return doc;
}

describe("a reply that is no usable answer is never cached", () => {
  it("fails on an HTML page, saying so, and asks the server again once it is fixed", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "foresight-llm-cache-"));
    server.faults.push({ kind: "html" });
    await expect(client({ cache: "read-write", cacheDir }).complete(request, signal)).rejects.toThrow(
      /answered request \w+ with a reply that is not a chat completion: it has no choices array \(it began: .*502 Bad Gateway.*\) \(not cached: a rerun asks again\)/,
    );
    const fixed = await client({ cache: "read-write", cacheDir }).complete(request, signal);
    expect(fixed.cached).toBe(false);
    expect(server.seen.length).toBe(2);
    expect((await client({ cache: "read-write", cacheDir }).complete(request, signal)).cached).toBe(true);
    expect(server.seen.length).toBe(2);
  });

  it("asks again where an older cache holds an unusable reply, and offline says the error came from the cache", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "foresight-llm-cache-"));
    new ResponseCache(cacheDir).write(requestHash(server.url, request), server.url, request, "<html>502 Bad Gateway</html>");
    await expect(client({ cache: "offline", cacheDir }).complete(request, signal)).rejects.toThrow(/the cached response to request \w+ \(in .*\) is unusable: a reply that is not a chat completion/);
    expect(server.seen.length).toBe(0);
    expect((await client({ cache: "read-write", cacheDir }).complete(request, signal)).cached).toBe(false);
    expect(server.seen.length).toBe(1);
  });
});

describe("the number of answers a server returns", () => {
  it('is a node error naming the node, episode and step, and what to do, when a server ignores n and requests is "one-with-n"', async () => {
    for (let i = 0; i < 10; i++) server.faults.push({ kind: "choices", count: 1 });
    const { result, errors } = await play(policyPipeline({ requests: "one-with-n" }));
    expect(result.episodes.map((e) => e.status)).toEqual(["error"]);
    expect(errors[0]).toMatchObject({ node: "policy", episode: 0, step: 0 });
    expect(errors[0]).toHaveProperty(
      "message",
      expect.stringMatching(/with 1 answer where 3 were asked for \(n = 3\): a server that ignores n, as llama.cpp's does, needs the param requests: "auto" \(the default; it then asks one request per completion\) or "one-per-completion"/),
    );
    expect(server.seen).toHaveLength(1);
  });

  it("is a node error, not an agent's failure, when the choices are empty", async () => {
    for (let i = 0; i < 10; i++) server.faults.push({ kind: "choices", count: 0 });
    const { result, errors } = await play(policyPipeline());
    expect(result.episodes.map((e) => e.status)).toEqual(["error"]);
    expect(result.episodes[0]!.endedBy).toBeUndefined();
    expect(errors[0]).toHaveProperty("message", expect.stringContaining("no answers (an empty choices array) where 3 were asked for"));
  });
});

describe("answers that hold nothing to read", () => {
  it("fails the step when no score of it parses: the executor would take row 0 as if scored", async () => {
    await serve(() => "It depends on the weather.");
    const { result, errors } = await play(scorerPipeline("score"));
    expect(result.episodes.map((e) => e.status)).toEqual(["error"]);
    expect(errors[0]).toMatchObject({ node: "q", episode: 0, step: 0 });
    expect(errors[0]).toHaveProperty("message", expect.stringMatching(/none of the \d answers held a usable score \(the first, for ".*": the answer holds no number; it said "It depends on the weather\."\)/));
  });

  it("keeps the step where some scores parse, each unread row's score_error saying why", async () => {
    // The move towards the goal scores 0.9; the others are cut at maxTokens before their number, but for "up", 0.2.
    await serve((prompt) => {
      const action = /Proposed action: (\w+)/.exec(prompt)?.[1];
      return action === moveTowardsGoal(prompt) ? "0.9" : action === "up" ? "0.2" : { content: "Let me think about", logprob: -1, finishReason: "length" };
    });
    const { result, events } = await play(scorerPipeline("score", { maxTokens: 4 }));
    expect(result.episodes.map((e) => e.status)).toEqual(["completed"]);
    const rows = events.flatMap((e) => (e.type === "step.end" && e.candidates ? e.candidates : []));
    const unread = rows.filter((row) => row["score_error"] !== null);
    expect(unread.length).toBeGreaterThan(0);
    expect(unread.length).toBeLessThan(rows.length);
    for (const row of unread) expect(row["score_error"]).toBe("the answer holds no number (the answer was cut at maxTokens (4) before it ended: raise maxTokens)");
  });

  it("fails the step when the judge names no candidate", async () => {
    await serve(() => "They all look fine to me.");
    const { errors } = await play(scorerPipeline("judge"));
    expect(errors[0]).toHaveProperty("message", expect.stringContaining("the judge's answer picked no candidate (the judge's answer holds no candidate number"));
  });

  it("says a policy's answer that does not parse was cut at maxTokens when it was", async () => {
    await serve(() => ({ content: "I think the best move", logprob: -2, finishReason: "length" }));
    const { events } = await play(policyPipeline({ n: 1, maxTokens: 5 }));
    const policyEnd = events.find((e) => e.type === "node.end" && e.node === "policy") as Extract<RunEvent, { type: "node.end" }>;
    const rows = policyEnd.outputs["candidates"] as Record<string, unknown>[];
    expect(rows[0]!["parse_error"]).toMatch(/\(the answer was cut at maxTokens \(5\) before it ended: raise maxTokens\)$/);
  });
});

describe("the API key", () => {
  it("is a placeholder when the variable is unset, as the param's help says", async () => {
    await client().complete(request, signal);
    expect(server.seen[0]!.authorization).toBe("Bearer no-key");
    expect(llmConnectionParams.apiKeyEnv.description).toContain("placeholder key no-key");
  });

  it("a 401 says that the variable apiKeyEnv names is not set", async () => {
    server.faults.push({ kind: "status", status: 401 });
    await expect(client().complete(request, signal)).rejects.toThrow(/HTTP 401: invalid api key \(apiKeyEnv names the environment variable FORESIGHT_TEST_UNSET_KEY, which is not set here/);
  });
});

/** The LLM policy (n = 4, one request per completion) feeding the LLM scorer (score mode unless told), then the executor: the rows the policy could not parse reach the scorer. */
function policyThenScorer(cacheDir: string, cache = "read-write", mode: "score" | "judge" = "score"): PipelineDoc {
  const doc = policyPipeline({ n: 4, requests: "one-per-completion", cache, cacheDir });
  doc.nodes = doc.nodes.filter((n) => n.id !== "sampler");
  doc.nodes.push({ id: "scorer", kind: "q-scorer", params: { variant: "llm", mode, baseUrl: server.url, model: "fake", cache, cacheDir, maxRetries: 0, prompt: mode === "score" ? "{{observation}}\nScore action {{action}} from 0 to 1." : "{{observation}}\nJudge which is best:\n{{candidates}}" } });
  doc.edges = doc.edges.filter((e) => !e.to.startsWith("sampler.") && !e.from.startsWith("sampler."));
  doc.edges.push({ from: "policy.candidates", to: "scorer.candidates" }, { from: "env.environment", to: "scorer.environment" }, { from: "scorer.candidates", to: "executor.candidates" });
  return doc;
}
const scorerPrompts = (asks = "Score action") => server.seen.map((s) => s.body.messages.at(-1)!.content).filter((c) => c.includes(asks));
const scoredRows = (events: RunEvent[]) => events.flatMap((e) => (e.type === "step.end" && e.candidates ? [e.candidates] : []));

describe("the LLM scorer in score mode behind an LLM policy", () => {
  it("asks nothing about the rows the policy filtered, leaving their q empty", async () => {
    // Completions 0 and 1 name an action; 2 and 3 are prose the policy cannot parse.
    await serve((prompt, _choice, body) => (prompt.includes("Score action") ? "0.5" : body.seed! % 4 < 2 ? `Action: ${moveTowardsGoal(prompt)}` : "hmm, not sure"));
    const { result, events } = await play(policyThenScorer(mkdtempSync(join(tmpdir(), "foresight-llm-cache-"))));
    expect(result.episodes.map((e) => e.status)).toEqual(["completed"]);
    expect(scorerPrompts().some((c) => c.includes("hmm"))).toBe(false);
    for (const row of scoredRows(events).flat()) {
      expect(row["q"]).toBe(row["filtered"] === true ? null : 0.5);
      expect(row["score_error"]).toBeNull();
    }
  });

  it("ends the episode without acting when every row was filtered, as the executor says, sending the scorer nothing", async () => {
    await serve((prompt) => (prompt.includes("Score action") ? "0.5" : "I think the best thing is to go somewhere nice."));
    const { result, errors, events } = await play(policyThenScorer(mkdtempSync(join(tmpdir(), "foresight-llm-cache-"))));
    expect(errors).toEqual([]);
    expect(result.episodes.map((e) => e.status)).toEqual(["completed"]);
    expect(scorerPrompts()).toEqual([]);
    const decisions = events.flatMap((e) => (e.type === "step.end" ? [e.decision?.rule] : []));
    expect(decisions).toEqual(["no candidate left after filtering; episode ended"]);
  });

  it("asks once per distinct action of a step, its score shared by that action's rows, and replays offline", async () => {
    // Every completion names the same move: four rows, one action.
    await serve((prompt) => (prompt.includes("Score action") ? String(Math.round(Math.random() * 100) / 100) : `Action: ${moveTowardsGoal(prompt)}`));
    const cacheDir = mkdtempSync(join(tmpdir(), "foresight-llm-cache-"));
    const { result, events } = await play(policyThenScorer(cacheDir));
    expect(result.episodes.map((e) => e.status)).toEqual(["completed"]);
    const steps = scoredRows(events);
    expect(scorerPrompts().length).toBe(steps.length);
    for (const rows of steps) expect(new Set(rows.map((row) => row["q"])).size).toBe(1);
    const replay = await play(policyThenScorer(cacheDir, "offline"));
    expect(replay.errors).toEqual([]);
    expect(scoredRows(replay.events)).toEqual(steps);
  });
});

describe("a server's reply that quotes the API key", () => {
  const key = "sk-WRONGKEY-999";
  beforeEach(() => {
    process.env["FORESIGHT_TEST_QUOTED_KEY"] = key;
  });
  afterEach(() => {
    delete process.env["FORESIGHT_TEST_QUOTED_KEY"];
  });

  it("has the key masked out of the error, naming its variable instead", async () => {
    server.faults.push({ kind: "quote-key" });
    const failure = client({ apiKeyEnv: "FORESIGHT_TEST_QUOTED_KEY" }).complete(request, signal);
    await expect(failure).rejects.toThrow("HTTP 401: Incorrect API key provided: <the key in FORESIGHT_TEST_QUOTED_KEY> (the key in the environment variable FORESIGHT_TEST_QUOTED_KEY");
    expect(server.seen[0]!.authorization).toBe(`Bearer ${key}`);
  });

  it("leaves no copy of the key in the run's events (the trace, the summary and the editor read them)", async () => {
    server.faults.push(...Array.from({ length: 20 }, () => ({ kind: "quote-key" as const })));
    const { errors, events } = await play(policyPipeline({ apiKeyEnv: "FORESIGHT_TEST_QUOTED_KEY", cache: "read-write", cacheDir: mkdtempSync(join(tmpdir(), "foresight-llm-cache-")) }));
    expect(errors[0]!.message).toContain("Incorrect API key provided: <the key in FORESIGHT_TEST_QUOTED_KEY>");
    expect(JSON.stringify(events)).not.toContain("WRONGKEY");
  });
});

it("ignores the response caches running examples leaves (.foresight-cache/)", () => {
  expect(execFileSync("git", ["check-ignore", "examples/.foresight-cache/llm/ab/abcd.json"], { encoding: "utf8" }).trim()).toBe("examples/.foresight-cache/llm/ab/abcd.json");
});

describe("the LLM scorer in judge mode behind an LLM policy", () => {
  it("lists only the rows the policy could parse, numbered as listed, and marks the row it picks among them", async () => {
    // Completions 0 and 1 are prose the policy cannot parse; 2 and 3 name an action. The judge picks the first listed.
    await serve((prompt, _choice, body) => (prompt.includes("Judge which") ? "1" : body.seed! % 4 >= 2 ? `Action: ${moveTowardsGoal(prompt)}` : "hmm, not sure"));
    const { result, events } = await play(policyThenScorer(mkdtempSync(join(tmpdir(), "foresight-llm-cache-")), "read-write", "judge"));
    expect(result.episodes.map((e) => e.status)).toEqual(["completed"]);
    expect(scorerPrompts("Judge which").length).toBeGreaterThan(0);
    expect(scorerPrompts("Judge which").some((c) => c.includes("hmm"))).toBe(false);
    for (const rows of scoredRows(events)) {
      const judged = rows.filter((row) => row["judge"] === true);
      expect(judged).toHaveLength(1);
      expect(judged[0]!["filtered"]).not.toBe(true);
      for (const row of rows) if (row["filtered"] === true) expect(row["q"]).toBeNull();
    }
  });
});
