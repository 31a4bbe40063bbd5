import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readDataset } from "../nodes/dataset/index.js";
import { chatMessagesOf } from "../nodes/dataset/chat-messages.js";
import { builtinRegistry } from "../nodes/index.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { example, playOptions, validated, type PipelineDoc } from "./fixtures/pipelines.js";
import { moveTowardsGoal, startFakeChatServer } from "./fixtures/fake-chat-server.js";

// Preference pairs to tune an LLM policy on: with the policy's exchanges connected, each pair holds
// the chat the policy was sent. The server is a local one that follows the OpenAI chat-completions
// protocol exactly (test/fixtures/fake-chat-server.ts) and keeps what it was sent, to check against.

let server: Awaited<ReturnType<typeof startFakeChatServer>>;

beforeEach(async () => {
  // The move towards the goal most likely, "up" least, and an answer that names no action between them.
  server = await startFakeChatServer((prompt, choice) => [{ content: `Action: ${moveTowardsGoal(prompt)}`, logprob: -0.1 }, { content: "Action: up", logprob: -3 }, { content: "I would rather not say.", logprob: -1 }][choice]!);
});
afterEach(async () => {
  await server.close();
});

/** examples/gridworld-policy-only with the LLM policy (n = 3) acting on its own candidates, and a collector of its preference pairs. */
function llmCollecting(exchanges: boolean): PipelineDoc {
  const doc = example("gridworld-policy-only");
  doc.nodes = doc.nodes.filter((n) => n.id !== "sampler");
  doc.nodes.find((n) => n.id === "policy")!.params = { variant: "llm", n: 3, baseUrl: server.url, model: "fake", cache: "off", system: "You play GridWorld." };
  Object.assign(doc.nodes.find((n) => n.id === "dataset")!.params, { transitions: false, preferences: true, formats: ["jsonl", "parquet"], scoreColumn: "logp" });
  doc.edges = doc.edges.filter((e) => !e.from.startsWith("sampler.") && !e.to.startsWith("sampler."));
  doc.edges.push({ from: "policy.candidates", to: "executor.candidates" }, { from: "policy.candidates", to: "dataset.candidates" });
  if (exchanges) doc.edges.push({ from: "policy.exchanges", to: "dataset.exchanges" });
  return doc;
}

async function collect(doc: PipelineDoc) {
  const pipeline = validated(doc, builtinRegistry());
  const options = playOptions(pipeline, { episodes: 3, seed: 2, trace: "off" });
  const result = await runPipeline(pipeline, options);
  expect(result.status).toBe("completed");
  return join(options.runDir, "dataset");
}

describe("preference pairs of an LLM policy", () => {
  it("hold the chat the policy was sent, in JSON Lines and Parquet alike, once its exchanges are connected", async () => {
    const dataset = await collect(llmCollecting(true));
    const sent = new Set(server.seen.map((request) => JSON.stringify(request.body.messages)));
    const lines = readFileSync(join(dataset, "preferences.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    for (const pair of lines) {
      expect(sent.has(pair["messages"] as string)).toBe(true);
      const [system, user] = JSON.parse(pair["messages"] as string) as { role: string; content: string }[];
      expect(system).toEqual({ role: "system", content: "You play GridWorld." });
      expect(user!.role).toBe("user");
      expect(pair["chosen"]).toMatch(/^Action: (right|down|left)$/);
      expect(pair["rejected"]).toBe("Action: up");
    }
    expect(await readDataset(join(dataset, "preferences.parquet"))).toEqual(lines);
  });

  it("hold no messages column without them, as before", async () => {
    const dataset = await collect(llmCollecting(false));
    const [first] = readFileSync(join(dataset, "preferences.jsonl"), "utf8").split("\n");
    expect(Object.keys(JSON.parse(first!) as object)).toEqual(["episode", "step", "prompt", "chosen", "rejected", "chosen_score", "rejected_score"]);
  });

  it("refuse an exchanges input that holds no chat request, naming the step", () => {
    expect(() => chatMessagesOf({ rows: [] }, { episode: 4, step: 2 })).toThrow('episode 4, step 2: the "exchanges" input holds no chat request (it takes an LLM policy\'s exchanges output; this step\'s: {"rows":[]})');
  });
});
