import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { startFakeChatServer } from "./fixtures/fake-chat-server.js";
import { example, playOptions, validated } from "./fixtures/pipelines.js";

// The LLM policy on the shopping task, against the local chat-completions server of test/fixtures:
// the shop's own action parser reads every completion, and a failure is a filtered row, never a crash.

let server: Awaited<ReturnType<typeof startFakeChatServer>>;

/** Completion 0 shops sensibly from the prompt; 1 clicks a product no page lists; 2 says nothing usable. */
function answer(prompt: string, choice: number): string {
  if (choice === 1) return "Action: click[B0NOTTHERE]";
  if (choice === 2) return "Hmm, hard to say.";
  // The product type closes the wish before its options ("… eco friendly yoga mat in black color …").
  const wish = /Instruction: (.*?)(?: in |, and price)/.exec(prompt)?.[1] ?? "shirt";
  if (prompt.includes("[Search]")) return `I will search first.\nAction: search[${wish.split(" ").slice(-2).join(" ")}]`;
  if (prompt.includes("[Buy Now]")) return "Action: buy";
  const first = /Actions: (click\[[^\]]+\])/.exec(prompt)?.[1];
  return `The first result looks right. ${first ?? "back"}`;
}

beforeEach(async () => {
  server = await startFakeChatServer(answer);
});
afterEach(async () => {
  await server.close();
});

describe("LLM policy on the shopping task", () => {
  it("lists the page's actions in the prompt, parses answers with the shop's parser, and records each failure on its candidate", async () => {
    const doc = example("shopping-scripted");
    doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
    doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
    doc.nodes.find((n) => n.id === "policy")!.params = {
      variant: "llm",
      n: 3,
      baseUrl: server.url,
      model: "fake",
      cacheDir: mkdtempSync(join(tmpdir(), "foresight-shop-llm-cache-")),
    };
    const events: RunEvent[] = [];
    const pipeline = validated(doc, builtinRegistry());
    const options = playOptions(pipeline, { episodes: 2, seed: 3, trace: "full", onEvent: (e) => events.push(e) });
    const result = await runPipeline(pipeline, { ...options, pipelineDir: mkdtempSync(join(tmpdir(), "foresight-shop-llm-")) });

    expect(result.status).toBe("completed");
    expect(events.filter((e) => e.type === "node.error")).toEqual([]);
    const policyEnds = events.filter((e): e is Extract<RunEvent, { type: "node.end" }> => e.type === "node.end" && e.node === "policy");
    // Search, open the first result, buy: three steps an episode.
    expect(policyEnds).toHaveLength(6);
    const [onSearch, onResults, onItem] = policyEnds.map((e) => e.outputs["candidates"] as { action: string; filtered: boolean; parse_error: string | null }[]);
    expect(onSearch![0]).toMatchObject({ action: expect.stringMatching(/^search\[.+\]$/), filtered: false, parse_error: null });
    expect(onSearch![1]).toMatchObject({ filtered: true, parse_error: "click[B0NOTTHERE]: not on this page; the page offers search[...]" });
    expect(onSearch![2]).toMatchObject({ action: null, text: "Hmm, hard to say.", filtered: true, parse_error: expect.stringContaining("names no action") });
    expect(onResults![0]).toMatchObject({ action: expect.stringMatching(/^click\[B0[A-Z0-9]{8}\]$/), filtered: false });
    expect(onItem![0]).toMatchObject({ action: "buy", filtered: false });

    const prompt = server.seen[1]!.body.messages.at(-1)!.content as string;
    expect(prompt).toMatch(/Actions: click\[B0[A-Z0-9]{8}\], click\[B0/);
    expect(prompt).toContain("Page 1 of");
    const ends = events.filter((e): e is Extract<RunEvent, { type: "step.end" }> => e.type === "step.end");
    expect(ends.filter((e) => e.done).map((e) => e.action)).toEqual(["buy", "buy"]);
    // Each bought a product of the right type: WebShop's reward is above 0.
    expect(result.episodes.map((e) => e.return! > 0)).toEqual([true, true]);
  });
});
