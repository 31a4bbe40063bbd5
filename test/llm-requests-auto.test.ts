import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { startFakeChatServer, type FakeAnswer } from "./fixtures/fake-chat-server.js";
import { example, playOptions, validated, type PipelineDoc } from "./fixtures/pipelines.js";

// The LLM policy's requests "auto" (its default): one request with n, and against a server that
// ignores n (llama.cpp's answers one choice) one request per completion from then on, told once in
// the trace. These tests talk to the local chat-completions server of test/fixtures; a server that
// ignores n is one whose every answer is cut to its first choice (a `choices` fault per request).

const registry = builtinRegistry();
let server: Awaited<ReturnType<typeof startFakeChatServer>>;

// The answer follows the request's seed (choice i as seed + i): two runs play alike only if they send the same seeds.
const ACTIONS = ["up", "right", "down", "left"];
const bySeed: FakeAnswer = (_prompt, choice, body) => `Action: ${ACTIONS[((body.seed ?? 0) + choice) % ACTIONS.length]}`;

beforeEach(async () => {
  server = await startFakeChatServer(bySeed);
});
afterEach(() => server.close());

/** From now on every answer holds one choice, whatever n asked. */
function ignoreN(): void {
  for (let i = 0; i < 500; i++) server.faults.push({ kind: "choices", count: 1 });
}

/** examples/gridworld-policy-only with the LLM policy (n = 3) instead of the heuristic, no dataset, 3 steps an episode. */
function llmPipeline(policy: Record<string, unknown> = {}, run: Record<string, unknown> = {}): PipelineDoc {
  const doc = example("gridworld-policy-only");
  doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
  doc.nodes.find((n) => n.id === "policy")!.params = { variant: "llm", n: 3, baseUrl: server.url, model: "fake", cache: "off", maxRetries: 0, ...policy };
  doc.run = { ...doc.run, maxSteps: 3, ...run };
  return doc;
}

async function play(doc: PipelineDoc, episodes = 2) {
  const events: RunEvent[] = [];
  const pipeline = validated(doc, registry);
  const options = playOptions(pipeline, { episodes, seed: 11, trace: "full", onEvent: (e) => events.push(e) });
  const result = await runPipeline(pipeline, { ...options, pipelineDir: mkdtempSync(join(tmpdir(), "foresight-llm-auto-")) });
  const of = <T extends RunEvent["type"]>(type: T) => events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
  return {
    result,
    errors: of("node.error"),
    /** The policy's notes but its last, on the whole run's requests (`runNote`). */
    notes: of("node.log").filter((e) => e.node === "policy").map((e) => e.message).filter((m) => !/^[\d,]+ requests? sent/.test(m)),
    runNote: of("node.log").filter((e) => e.node === "policy" && /^[\d,]+ requests? sent/.test(e.message)).map((e) => e.message),
    steps: of("step.end"),
    candidates: of("node.end").filter((e) => e.node === "policy").map((e) => e.outputs["candidates"] as unknown[]),
    /** What decides equality of two runs: each episode's outcome and each step's action. */
    played: {
      episodes: result.episodes.map((e) => ({ episode: e.episode, status: e.status, steps: e.steps, return: e.return, success: e.success })),
      actions: of("step.end").map((e) => ({ episode: e.episode, step: e.step, action: e.action })),
    },
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

describe('requests "auto" against a server that ignores n', () => {
  it("asks one request with n, then that step again one request per completion, and gets n completions every step", async () => {
    ignoreN();
    const { result, errors, steps, candidates } = await play(llmPipeline());
    expect(errors).toEqual([]);
    expect(result.status).toBe("completed");
    expect(steps.length).toBeGreaterThan(2);
    for (const rows of candidates) expect(rows).toHaveLength(3);
    const [first, ...rest] = server.seen.map((r) => r.body);
    expect(first).toMatchObject({ n: 3 });
    expect(rest.slice(0, 3).map((b) => [b.n, b.seed])).toEqual([0, 1, 2].map((i) => [1, first!.seed! + i]));
    // Only the first request of the run asked with n: 3 requests a step after it.
    expect(rest.every((b) => b.n === 1)).toBe(true);
    expect(rest).toHaveLength(3 * steps.length);
  });

  it("plays as an explicit one-per-completion run of the same seed", async () => {
    ignoreN();
    const auto = await play(llmPipeline());
    const autoRequests = server.seen.slice(1).map((r) => r.body);
    server.seen.length = 0;
    const explicit = await play(llmPipeline({ requests: "one-per-completion" }));
    expect(explicit.errors).toEqual([]);
    expect(auto.played).toEqual(explicit.played);
    expect(autoRequests).toEqual(server.seen.map((r) => r.body));
  });

  it("tells the user once, in a note of the policy's in the trace, also where lockstep lanes all find it", async () => {
    ignoreN();
    const serial = await play(llmPipeline());
    expect(serial.notes).toEqual([
      expect.stringMatching(/^requests "auto": http:\/\/127\.0\.0\.1:\d+\/v1 answered 1 of the 3 completions asked for in one request \(it ignores n, as llama\.cpp's server does\); from episode 0, step 0 on, the run asks one request per completion \(n = 1, seeds seed…seed\+2\)/),
    ]);
    // The one-choice reply counts as a request sent.
    expect(serial.runNote).toEqual([`${server.seen.length} requests sent (${(server.seen.length * 55).toLocaleString("en-US")} tokens), 0 answered from the cache`]);
    const lanes = await play(llmPipeline({}, { lockstep: 4 }), 4);
    expect(lanes.errors).toEqual([]);
    expect(lanes.notes).toHaveLength(1);
  });

  it("still fails on an empty choices array or a reply that is no chat completion: only fewer answers than n switch", async () => {
    for (let i = 0; i < 10; i++) server.faults.push({ kind: "choices", count: 0 });
    const empty = await play(llmPipeline(), 1);
    expect(empty.errors[0]).toHaveProperty("message", expect.stringContaining("no answers (an empty choices array) where 3 were asked for"));
    server.faults.length = 0;
    for (let i = 0; i < 10; i++) server.faults.push({ kind: "html" });
    const html = await play(llmPipeline(), 1);
    expect(html.errors[0]).toHaveProperty("message", expect.stringContaining("a reply that is not a chat completion"));
    expect([...empty.notes, ...html.notes]).toEqual([]);
  });

  it("caches only the answers it used, and a rerun plays from the cache alike with the server gone", async () => {
    ignoreN();
    const cacheDir = mkdtempSync(join(tmpdir(), "foresight-llm-auto-cache-"));
    const first = await play(llmPipeline({ cache: "read-write", cacheDir }));
    // The one-choice reply to n = 3 is not cached: only the 3 one-completion answers of every step.
    expect(filesUnder(cacheDir)).toHaveLength(3 * first.steps.length);
    await server.close();
    for (const cache of ["read-write", "offline"]) {
      const rerun = await play(llmPipeline({ cache, cacheDir }));
      expect(rerun.errors).toEqual([]);
      expect(rerun.played).toEqual(first.played);
      expect(rerun.notes).toEqual([expect.stringMatching(/^requests "auto": the response cache holds the 3 completions of episode 0, step 0 one per request/)]);
    }
  });
});

describe('requests "auto" against a server that honours n', () => {
  it("sends exactly one request a step, with n, and notes nothing", async () => {
    const { errors, steps, notes, runNote, candidates } = await play(llmPipeline());
    expect(errors).toEqual([]);
    expect(server.seen).toHaveLength(steps.length);
    expect(server.seen.every((r) => r.body.n === 3)).toBe(true);
    for (const rows of candidates) expect(rows).toHaveLength(3);
    expect(notes).toEqual([]);
    expect(runNote).toEqual([`${steps.length} requests sent (${(steps.length * 55).toLocaleString("en-US")} tokens), 0 answered from the cache`]);
  });
});
