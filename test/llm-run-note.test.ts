import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { RunControl } from "../runtime/engine/control.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { foresightAsync, tempDir } from "./fixtures/foresight-process.js";
import { example, playOptions, validated, type PipelineDoc } from "./fixtures/pipelines.js";
import { moveTowardsGoal, startFakeChatServer } from "./fixtures/fake-chat-server.js";
import { until } from "./fixtures/wait.js";

// An LLM node tells the run's requests, tokens and unusable answers once at the run's end, and its
// first unusable answer once where it came, however many lockstep lanes or worker threads play the
// run. The server is a local one that follows the OpenAI chat-completions protocol exactly
// (test/fixtures/fake-chat-server.ts): it counts what arrives, so the figures are checked against it.

let server: Awaited<ReturnType<typeof startFakeChatServer>>;

beforeEach(async () => {
  // The second of every two completions names no action.
  server = await startFakeChatServer((prompt, choice) => (choice === 1 ? "Hmm." : `Action: ${moveTowardsGoal(prompt)}`));
});
afterEach(async () => {
  await server.close();
});

/** examples/gridworld-policy-only with the LLM policy (n = 2, no cache) and no dataset. */
function llmPipeline(): PipelineDoc {
  const doc = example("gridworld-policy-only");
  doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
  doc.nodes.find((n) => n.id === "policy")!.params = { variant: "llm", n: 2, baseUrl: server.url, model: "fake", cache: "off" };
  return doc;
}

const runEnd = (requests: number) =>
  `${requests} requests sent (${(requests * 55).toLocaleString("en-US")} tokens), 0 answered from the cache; ${requests} of ${requests * 2} completions (50.0\u00a0%) named no action (filtered rows)`;

describe("an LLM node's notes on its run", () => {
  it("come once from 8 lockstep lanes: the first unusable answer, then the run's totals", async () => {
    const events: RunEvent[] = [];
    const doc = llmPipeline();
    doc.run = { ...doc.run, lockstep: 8 };
    const pipeline = validated(doc, builtinRegistry());
    const options = playOptions(pipeline, { episodes: 16, seed: 3, trace: "off", onEvent: (e) => events.push(e) });
    const result = await runPipeline(pipeline, options);
    expect(result.status).toBe("completed");
    const notes = events.flatMap((e) => (e.type === "node.log" ? [e.message] : []));
    expect(notes).toEqual([expect.stringMatching(/^episode \d+, step 0: completion 2 of 2 named no action \(.*\); such rows are filtered/), runEnd(server.seen.length)]);
  });

  it("come once from two worker threads, in the trace and on the CLI's stderr", async () => {
    const dir = tempDir("llm-run-note-workers");
    const file = join(dir, "conf.json");
    writeFileSync(file, JSON.stringify(llmPipeline()));
    const out = join(dir, "runs");
    const run = await foresightAsync("run", file, "--episodes", "20", "--workers", "2", "--out", out);
    expect(run.code).toBe(0);
    const said = run.stderr.split("\n").filter((line) => line.startsWith('foresight: node "policy": '));
    expect(said).toEqual([expect.stringMatching(/^foresight: node "policy": episode \d+, step 0: completion 2 of 2 named no action/), `foresight: node "policy": ${runEnd(server.seen.length)}`]);
    const [runId] = readdirSync(out);
    const trace = readFileSync(join(out, runId!, "trace.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as RunEvent);
    expect(trace.filter((e) => e.type === "node.log").map((e) => (e as { message: string }).message)).toEqual(said.map((line) => line.slice('foresight: node "policy": '.length)));
    expect(trace.at(-2)).toMatchObject({ type: "node.log", message: runEnd(server.seen.length) });
  });
});

describe("requests the client retried", () => {
  it("show their tries and time in the exchanges, and the run's note counts every HTTP request the server saw", async () => {
    server.faults.push({ kind: "status", status: 429, retryAfter: "0" }, { kind: "status", status: 500 });
    const events: RunEvent[] = [];
    const doc = llmPipeline();
    doc.run = { ...doc.run, maxSteps: 3 };
    const pipeline = validated(doc, builtinRegistry());
    const result = await runPipeline(pipeline, playOptions(pipeline, { episodes: 1, seed: 3, trace: "full", onEvent: (e) => events.push(e) }));
    expect(result.status).toBe("completed");
    const exchanges = events.flatMap((e) => (e.type === "node.end" && e.node === "policy" ? [(e.outputs["exchanges"] as { tries: number; ms: number }[])[0]!] : []));
    expect(exchanges.map((e) => e.tries)).toEqual([3, ...exchanges.slice(1).map(() => 1)]);
    expect(exchanges.every((e) => Number.isInteger(e.ms) && e.ms >= 0)).toBe(true);
    const requests = exchanges.length;
    expect(server.seen.length).toBe(requests + 2);
    const note = events.flatMap((e) => (e.type === "node.log" ? [e.message] : [])).at(-1);
    expect(note).toMatch(new RegExp(`^${requests} requests sent \\(${requests + 2} HTTP requests with 2 retries; `));
  });
});

describe("a run stopped while an LLM request is in flight", () => {
  it("ends the episode as stopped, not failed: the aborted request is the stop's, not the node's fault", async () => {
    await server.close();
    server = await startFakeChatServer((prompt) => `Action: ${moveTowardsGoal(prompt)}`, { delayMs: 3000 });
    const events: RunEvent[] = [];
    const pipeline = validated(llmPipeline(), builtinRegistry());
    const control = new RunControl();
    const options = playOptions(pipeline, { episodes: 2, seed: 3, trace: "steps", onEvent: (e) => events.push(e) });
    const played = runPipeline(pipeline, { ...options, control });
    await until(() => server.seen.length > 0, 10_000);
    control.stop();
    const result = await played;
    expect(result.status).toBe("stopped");
    expect(result.episodes.map((e) => e.status)).toEqual(["stopped"]);
    expect(events.filter((e) => e.type === "node.error")).toEqual([]);
  });
});
