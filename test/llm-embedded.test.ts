import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { nodesToTrust } from "../host/editor-api/trust-info.js";
import { builtinRegistry } from "../nodes/index.js";
import { LlmClient } from "../nodes/llm/client.js";
import type { ChatRequest } from "../nodes/llm/exchange.js";
import { llmConnectionParams } from "../nodes/llm/params.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { z } from "zod";
import { NOTHING_TO_SAMPLE } from "../nodes/sampler/discrete.js";
import { example, playOptions, validated, type PipelineDoc } from "./fixtures/pipelines.js";
import { moveTowardsGoal, startFakeChatServer } from "./fixtures/fake-chat-server.js";
import { GYM_PYTHON, ggufWriter, needs } from "./fixtures/requirements.js";

// The embedded provider for real: node-llama-cpp's prebuilt CPU binary runs a tiny llama-architecture GGUF
// model that test/fixtures/make-tiny-gguf.py writes with seeded random weights (its answers are gibberish;
// these tests pin the provider's contract: n answers, seeds, stop strings, log-probs, grammar, cache, errors).

const registry = builtinRegistry();
/** The folder holding the pipeline's model: `model` paths resolve against it, as against a pipeline file's folder. */
let pipelineDir: string;

describe("the embedded LLM provider (node-llama-cpp, a tiny GGUF model)", needs(ggufWriter()), () => {
  beforeAll(() => {
    pipelineDir = mkdtempSync(join(tmpdir(), "foresight-llm-embedded-"));
    const made = spawnSync(GYM_PYTHON, [join(import.meta.dirname, "fixtures", "make-tiny-gguf.py"), join(pipelineDir, "tiny.gguf"), "--seed", "1"], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`make-tiny-gguf.py failed: ${made.stderr}`);
  });

  /** An LLM policy on the embedded model; one thread, so tests sharing two cores run it at full speed. */
  function embedded(extra: Record<string, unknown> = {}) {
    return { variant: "llm", provider: "embedded", model: "tiny.gguf", threads: 1, n: 3, temperature: 1, maxTokens: 24, cacheDir: mkdtempSync(join(tmpdir(), "foresight-llm-embedded-cache-")), ...extra };
  }

  /** An example's pipeline with the LLM policy in place of its own, and no dataset. */
  function pipeline(name: string, policy: Record<string, unknown>, maxSteps = 4): PipelineDoc {
    const doc = example(name);
    doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
    doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
    doc.nodes.find((n) => n.id === "policy")!.params = policy;
    doc.run = { ...doc.run, maxSteps };
    return doc;
  }

  async function play(doc: PipelineDoc, seed = 7) {
    const events: RunEvent[] = [];
    const validatedDoc = validated(doc, registry, pipelineDir);
    const result = await runPipeline(validatedDoc, { ...playOptions(validatedDoc, { episodes: 1, seed, trace: "full", onEvent: (e) => events.push(e) }), pipelineDir });
    const policyEnds = events.filter((e): e is Extract<RunEvent, { type: "node.end" }> => e.type === "node.end" && e.node === "policy");
    return { result, events, policyEnds };
  }

  type Row = { action: unknown; logp: number; text: string; parse_error: string | null; filtered: boolean };
  type Traced = { cached: boolean; request: ChatRequest; response: { choices: { message: { content: string }; logprobs: { content: { logprob: number }[] } | null; finish_reason: string }[]; usage: { total_tokens: number } } };

  const exchangesOf = (end: Extract<RunEvent, { type: "node.end" }>) => end.outputs["exchanges"] as unknown as Traced[];

  it("proposes n answers a step on GridWorld, decoded under the actions' grammar: each parses, with its log-probs, request and answer traced", async () => {
    const { result, events, policyEnds } = await play(pipeline("gridworld-policy-only", embedded({ constrain: "actions" })));
    expect(events.filter((e) => e.type === "node.error")).toEqual([]);
    expect(result.status).toBe("completed");
    expect(policyEnds.length).toBeGreaterThanOrEqual(2);
    for (const end of policyEnds) {
      const rows = end.outputs["candidates"] as Row[];
      const [exchange] = exchangesOf(end);
      expect(rows).toHaveLength(3);
      expect(exchange!.request).toMatchObject({ model: "tiny.gguf", n: 3, max_tokens: 24, logprobs: true, grammar: 'root ::= "Action: " ( "up" | "right" | "down" | "left" )' });
      expect(exchange!.response.usage.total_tokens).toBeGreaterThan(0);
      exchange!.response.choices.forEach((choice, i) => {
        expect(choice.message.content).toMatch(/^Action: (up|right|down|left)$/);
        const label = choice.message.content.slice("Action: ".length);
        expect(rows[i]).toMatchObject({ action: ["up", "right", "down", "left"].indexOf(label), text: choice.message.content, filtered: false, parse_error: null });
        // The candidate's logp is the sum of its tokens' log-probs, as the model reported them.
        const sum = choice.logprobs!.content.reduce((s, t) => s + t.logprob, 0);
        expect(rows[i]!.logp).toBeCloseTo(sum, 9);
        expect(sum).toBeLessThanOrEqual(0);
      });
    }
  });

  it("keeps an unconstrained answer that names no action as a filtered row with its parse error, never a crash", async () => {
    const { events, policyEnds } = await play(pipeline("gridworld-policy-only", embedded({ n: 2, maxTokens: 12 }), 1));
    // The policy answers; the sampler fed from its proposals may find none (gibberish names no action) and says so.
    const errors = events.filter((e) => e.type === "node.error");
    expect(errors.every((e) => e.node === "sampler" && e.message === NOTHING_TO_SAMPLE)).toBe(true);
    const rows = policyEnds[0]!.outputs["candidates"] as Row[];
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.filtered).toBe(row.parse_error !== null);
    const [exchange] = exchangesOf(policyEnds[0]!);
    expect(exchange!.response.choices.map((c) => c.finish_reason).every((r) => r === "length" || r === "stop")).toBe(true);
  });

  it("reproduces its answers from the run seed, answers differently for another seed, and a rerun is answered from the cache without the model", async () => {
    const answers = (ends: Extract<RunEvent, { type: "node.end" }>[]) => ends.map((e) => (e.outputs["candidates"] as Row[]).map((r) => [r.text, r.logp]));
    const off = embedded({ cache: "off", constrain: "actions" });
    const first = await play(pipeline("gridworld-policy-only", off));
    const again = await play(pipeline("gridworld-policy-only", off));
    expect(answers(again.policyEnds)).toEqual(answers(first.policyEnds));
    const other = await play(pipeline("gridworld-policy-only", off), 8);
    expect(answers(other.policyEnds)).not.toEqual(answers(first.policyEnds));

    const cached = embedded({ constrain: "actions" });
    const filled = await play(pipeline("gridworld-policy-only", cached));
    expect(answers(filled.policyEnds)).toEqual(answers(first.policyEnds));
    // Offline: a request the cache cannot answer is an error, so a clean run generated nothing.
    const rerun = await play(pipeline("gridworld-policy-only", { ...cached, cache: "offline" }));
    expect(rerun.events.filter((e) => e.type === "node.error")).toEqual([]);
    expect(answers(rerun.policyEnds)).toEqual(answers(first.policyEnds));
    expect(rerun.policyEnds.every((e) => exchangesOf(e).every((x) => x.cached))).toBe(true);
  });

  it("cuts an answer at its first stop string, as a server does", async () => {
    const client = () => new LlmClient(z.object(llmConnectionParams).parse({ provider: "embedded", model: "tiny.gguf", threads: 1, cache: "off" }), pipelineDir, "policy");
    const request = (stop?: string[]): ChatRequest => ({ model: "tiny.gguf", messages: [{ role: "user", content: "Say something." }], n: 1, temperature: 1, max_tokens: 16, logprobs: true, seed: 42, ...(stop ? { stop } : {}) });
    const free = await client().complete(request(), AbortSignal.timeout(60_000));
    const text = (free.response as Traced["response"]).choices[0]!.message.content;
    const stop = [...text].find((c, i) => i >= 2 && c.trim() !== "" && c !== "\uFFFD")!;
    const stopped = await client().complete(request([stop]), AbortSignal.timeout(60_000));
    const [choice] = (stopped.response as Traced["response"]).choices;
    expect(choice!.message.content).toBe(text.slice(0, text.indexOf(stop)));
    expect(choice!.finish_reason).toBe("stop");
    expect(choice!.logprobs!.content.length).toBeLessThan((free.response as Traced["response"]).choices[0]!.logprobs!.content.length);
  });

  it("runs the shopping task with the page's actions as the grammar: every answer is one the page offers, or cut off by max tokens", async () => {
    const { events, policyEnds } = await play(pipeline("shopping-scripted", embedded({ n: 2, constrain: "actions", maxTokens: 80 }), 2), 3);
    expect(events.filter((e) => e.type === "node.error")).toEqual([]);
    expect(policyEnds.length).toBeGreaterThanOrEqual(1);
    for (const end of policyEnds) {
      const rows = end.outputs["candidates"] as Row[];
      const [exchange] = exchangesOf(end);
      rows.forEach((row, i) => expect(row.parse_error === null || exchange!.response.choices[i]!.finish_reason === "length").toBe(true));
    }
    // The search page offers search[...] alone: the grammar lets the model write its query.
    for (const row of policyEnds[0]!.outputs["candidates"] as Row[]) expect(row.text).toMatch(/^Action: search\[/);
  });

  it("names the node and the param when the model file is missing or is not a GGUF model, before any run", async () => {
    await expect(play(pipeline("gridworld-policy-only", embedded({ model: "models/nowhere.gguf" })))).rejects.toThrow(
      `/nodes/1/params/model: no file at ${join(pipelineDir, "models", "nowhere.gguf")}`,
    );
    writeFileSync(join(pipelineDir, "notes.gguf"), "not a model\n");
    await expect(play(pipeline("gridworld-policy-only", embedded({ model: "notes.gguf" })))).rejects.toThrow(
      `notes.gguf is not a GGUF model (it starts with "not "; GGUF files start with "GGUF")`,
    );
  });

  it("asks no trust for a server: like an ONNX model, an embedded model is a file the node reads", () => {
    const doc = pipeline("gridworld-policy-only", embedded());
    expect(nodesToTrust(doc, registry).servers).toEqual([]);
    doc.nodes.find((n) => n.id === "policy")!.params = { ...embedded(), provider: "http", baseUrl: "http://127.0.0.1:8080/v1" };
    expect(nodesToTrust(doc, registry).servers).toEqual([{ id: "policy", url: "http://127.0.0.1:8080/v1" }]);
  });
});

describe("the action grammar over HTTP", () => {
  it("sends the grammar in the request's grammar field (llama.cpp's server reads it) and the answers parse as usual", async () => {
    const server = await startFakeChatServer((prompt) => `Action: ${moveTowardsGoal(prompt)}`);
    try {
      const doc = example("gridworld-policy-only");
      doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
      doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
      doc.nodes.find((n) => n.id === "policy")!.params = { variant: "llm", baseUrl: server.url, model: "fake", n: 2, constrain: "actions", cache: "off" };
      doc.run = { ...doc.run, maxSteps: 2 };
      const pipeline = validated(doc, registry);
      const events: RunEvent[] = [];
      await runPipeline(pipeline, { ...playOptions(pipeline, { episodes: 1, seed: 7, onEvent: (e) => events.push(e) }), pipelineDir: mkdtempSync(join(tmpdir(), "foresight-llm-grammar-")) });
      expect(events.filter((e) => e.type === "node.error")).toEqual([]);
      expect(server.seen[0]!.body).toMatchObject({ grammar: 'root ::= "Action: " ( "up" | "right" | "down" | "left" )' });
    } finally {
      await server.close();
    }
  });
});
