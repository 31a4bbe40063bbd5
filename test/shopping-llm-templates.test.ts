import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cachedCatalogue } from "../nodes/environment/shopping/catalogue.js";
import { scriptedProposals } from "../nodes/environment/shopping/scripted.js";
import { searchIndexOf } from "../nodes/environment/shopping/search-index.js";
import { ShoppingEnvironment } from "../nodes/environment/shopping/shopping.js";
import { builtinRegistry } from "../nodes/index.js";
import type { ShoppingObservation } from "../protocol/shopping.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { startFakeChatServer, type FakeAnswer } from "./fixtures/fake-chat-server.js";
import { fakeShopper, fakeShoppingJudge } from "./fixtures/fake-shopping-answers.js";
import { example, playOptions, validated } from "./fixtures/pipelines.js";

// The GTA1 judge and MG-Select confidence templates on the shop, against the chat server of
// test/fixtures answering with the stand-ins the results table uses (fake-shopping-answers.ts).

let server: Awaited<ReturnType<typeof startFakeChatServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Row = { action: string; q: number; logp: number; filtered?: boolean; judge?: boolean; selected?: boolean };

/** Plays a template for a few episodes with its LLM node pointed at a fake server; the node ends and step ends. */
async function play(template: string, llmNode: string, answer: FakeAnswer) {
  server = await startFakeChatServer(answer);
  const doc = example(template);
  Object.assign(doc.nodes.find((n) => n.id === llmNode)!.params, { baseUrl: server.url, cacheDir: mkdtempSync(join(tmpdir(), "foresight-shop-templates-cache-")) });
  const events: RunEvent[] = [];
  const pipeline = validated(doc, builtinRegistry());
  const options = playOptions(pipeline, { episodes: 3, seed: 4, trace: "full", onEvent: (e) => events.push(e) });
  const result = await runPipeline(pipeline, { ...options, pipelineDir: mkdtempSync(join(tmpdir(), "foresight-shop-templates-")) });
  expect(result.status).toBe("completed");
  expect(events.filter((e) => e.type === "node.error")).toEqual([]);
  // Each step's table as it reached the executor, every node's columns merged.
  const tables = events.filter((e): e is Extract<RunEvent, { type: "step.end" }> => e.type === "step.end").map((e) => (e.candidates ?? []) as Row[]);
  return { tables };
}

describe("shopping-judge (GTA1)", () => {
  it("asks once a step with the numbered candidates and executes the one the judge names", async () => {
    const { tables } = await play("shopping-judge", "judge", fakeShoppingJudge);
    expect(server!.seen).toHaveLength(tables.length);
    expect(server!.seen[0]!.body.messages.at(-1)!.content).toMatch(/Candidate actions:\n1\. search\[.+\]/);
    for (const rows of tables) {
      expect(rows.filter((r) => r.judge)).toHaveLength(1);
      expect(rows.find((r) => r.selected)).toBe(rows.find((r) => r.judge));
    }
  });
});

describe("shopping-confidence (MG-Select)", () => {
  it("takes, among the completions, the one with the highest summed token log-prob", async () => {
    const { tables } = await play("shopping-confidence", "policy", fakeShopper);
    expect(tables.length).toBeGreaterThan(3);
    for (const rows of tables) {
      const kept = rows.filter((r) => !r.filtered);
      expect(kept).toHaveLength(8);
      expect(kept.find((r) => r.selected)!.q).toBeCloseTo(Math.max(...kept.map((r) => r.logp)), 9);
    }
  });
});

describe("the shopping stand-ins", () => {
  const shop = () => {
    const catalogue = cachedCatalogue(0, 2000);
    return ShoppingEnvironment.create({ catalogue, index: searchIndexOf(catalogue), difficulty: "hard" });
  };
  it("the fake shopper answers the scripted shopper's proposals with their log-probabilities, the same for the same seed", () => {
    const env = shop();
    env.reset(7);
    const prompt = `${env.render()}\nObservation (JSON): ${JSON.stringify(env.observe())}`;
    const { actions } = scriptedProposals(env.observe() as ShoppingObservation);
    const answers = Array.from({ length: 16 }, (_, i) => fakeShopper(prompt, i, { model: "m", messages: [], seed: 3 }));
    for (const answer of answers) {
      if (typeof answer === "string") throw new Error("expected a log-prob");
      expect(actions.map((a) => `Action: ${a}`)).toContain(answer.content);
      expect(answer.logprob).toBeLessThan(0);
    }
    expect(fakeShopper(prompt, 5, { model: "m", messages: [], seed: 3 })).toEqual(answers[5]);
  });

  it("the fake judge reads the instruction and page: the matching product under the cap, the option asked for, then buy", () => {
    const instruction = "i need a cotton shirt in red color, and price lower than 30.00 dollars";
    const judge = (page: ShoppingObservation["page"], candidates: string[]) =>
      fakeShoppingJudge(`Observation (JSON): ${JSON.stringify({ instruction, page })}\nCandidate actions:\n${candidates.map((c, i) => `${i + 1}. ${c}`).join("\n")}`, 0, { model: "m", messages: [] });
    const items = [
      { id: "B0AAAAAAAA", title: "Acme Wool Blanket", price: 20.99 },
      { id: "B0BBBBBBBB", title: "Northwind Cotton Shirt", price: 45.99 },
      { id: "B0CCCCCCCC", title: "Northwind Cotton Shirt", price: 25.99 },
    ];
    const results = { kind: "results" as const, query: "cotton shirt", page: 1, pages: 1, total: 3, items };
    expect(judge(results, [...items.map((i) => `click[${i.id}]`), "back"])).toBe("3");
    const item = { kind: "item" as const, id: "B0CCCCCCCC", title: "Northwind Cotton Shirt", price: 25.99, category: "clothing", features: ["cotton"], options: [{ name: "color", values: ["blue", "red"] }], chosen: {} };
    expect(judge(item, ["buy", "choose[color=blue]", "choose[color=red]", "back"])).toBe("3");
    expect(judge({ ...item, chosen: { color: "red" } }, ["choose[color=blue]", "buy", "back"])).toBe("2");
    expect(judge({ ...item, price: 35.99, chosen: { color: "red" } }, ["buy", "back"])).toBe("2");
  });
});
