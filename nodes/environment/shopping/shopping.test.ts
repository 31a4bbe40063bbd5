import { describe, expect, it } from "vitest";
import type { ShoppingObservation } from "../../../protocol/shopping.js";
import { cachedCatalogue } from "./catalogue.js";
import { searchIndexOf } from "./search-index.js";
import { ShoppingEnvironment } from "./shopping.js";

function shop(difficulty: "easy" | "medium" | "hard" | "mixed" = "hard") {
  const catalogue = cachedCatalogue(0, 2000);
  return ShoppingEnvironment.create({ catalogue, index: searchIndexOf(catalogue), difficulty });
}

const page = (env: ShoppingEnvironment) => (env.observe() as ShoppingObservation).page;

/** Searches with the goal's words, opens the target and chooses the options the goal asks for. */
function walkToTarget(env: ShoppingEnvironment): void {
  const { goal, targetId } = env.currentTask;
  env.step(`search[${goal.attributes.join(" ")} ${goal.type}]`);
  let results = page(env);
  while (results.kind === "results" && !results.items.some((i) => i.id === targetId) && results.page < results.pages) {
    env.step("click[Next >]");
    results = page(env);
  }
  if (results.kind !== "results" || !results.items.some((i) => i.id === targetId)) throw new Error(`target ${targetId} is not among the results for its goal's words`);
  env.step(`click[${targetId}]`);
  for (const [name, value] of Object.entries(goal.options)) env.step(`choose[${name}=${value}]`);
}

describe("shopping pages and actions", () => {
  it("starts on the search page with the episode's instruction, the same for the same seed", () => {
    const env = shop();
    const first = env.reset(5);
    expect(first).toEqual({ instruction: env.currentTask.instruction, page: { kind: "search" } });
    expect(shop().reset(5)).toEqual(first);
    expect(env.render()).toBe(`Instruction: ${env.currentTask.instruction}\n[Search]`);
    expect(env.validActions()).toEqual(["search[...]"]);
  });

  it("searches, pages through results, opens an item, chooses options and buys it for reward 1", () => {
    const env = shop();
    env.reset(11);
    walkToTarget(env);
    const item = page(env);
    expect(item).toMatchObject({ kind: "item", id: env.currentTask.targetId, chosen: env.currentTask.goal.options });
    expect(env.isIrreversible("buy")).toBe(true);
    expect(env.isIrreversible("click[Buy Now]")).toBe(true);
    expect(env.isIrreversible("back")).toBe(false);
    const bought = env.step("click[Buy Now]");
    expect(bought).toMatchObject({ reward: 1, terminated: true, info: { success: true, irreversible: true } });
    expect(bought.observation).toMatchObject({ page: { kind: "done", id: env.currentTask.targetId, reward: 1 } });
    expect(env.done).toBe(true);
    expect(() => env.step("back")).toThrow(/after the episode ended.*reset/);
  });

  it("shows ten results a page, best first, with Next and Prev", () => {
    const env = shop();
    env.reset(1);
    env.step("search[cotton shirt]");
    const first = page(env);
    expect(first).toMatchObject({ kind: "results", query: "cotton shirt", page: 1, pages: 5, total: 50 });
    if (first.kind !== "results") throw new Error("not results");
    expect(first.items).toHaveLength(10);
    expect(first.items[0]!.title.toLowerCase()).toMatch(/cotton.*shirt/);
    expect(env.validActions()).toEqual([...first.items.map((i) => `click[${i.id}]`), "click[Next >]", "click[Back to Search]", "back"]);
    env.step("click[next >]");
    expect(page(env)).toMatchObject({ page: 2 });
    expect(env.validActions()).toContain("click[< Prev]");
    env.step("back");
    expect(page(env)).toEqual(first);
    env.step("back");
    expect(page(env)).toEqual({ kind: "search" });
  });

  it("treats an action that does nothing on the page as a no-op that says why", () => {
    const env = shop();
    env.reset(2);
    const before = env.observe();
    for (const [action, why] of [
      ["buy", /buy only on a product's page/],
      ["click[B0NOTTHERE]", /not on this page/],
      ["back", /nothing to go back to/],
      ["choose[size=large]", /not on this page/],
      ["purchase it", /is not an action/],
    ] as const) {
      const result = env.step(action);
      expect(result).toMatchObject({ reward: 0, terminated: false });
      expect(result.info.invalid).toMatch(why);
      expect(env.observe()).toBe(before);
    }
    env.step("search[shirt]");
    expect(env.step("search[dress]").info.invalid).toMatch(/search only on the search page/);
  });

  it("refuses actions that are not text, and encodings it does not have", () => {
    const env = shop();
    expect(() => env.step(2)).toThrow(/actions are text/);
    expect(() => env.encode("pixels")).toThrow(/no encoding "pixels"; its encodings: bow/);
  });
});

describe("snapshot and restore", () => {
  it("restores a state exactly, and plays on from it as the original does", () => {
    const env = shop();
    env.reset(21);
    env.step(env.naiveProposals().actions[0]!);
    env.step(env.naiveProposals().actions[0]!);
    const snapshot = env.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    const observation = env.observe();
    const script = () => {
      const out = [];
      while (!env.done && out.length < 10) out.push(env.step(env.naiveProposals().actions[0]!));
      return out;
    };
    const first = script();
    env.reset(99);
    env.restore(snapshot);
    expect(env.observe()).toEqual(observation);
    expect(script()).toEqual(first);
  });

  it("gives clones their own state: stepping a clone leaves the original where it was", () => {
    const env = shop();
    env.reset(3);
    env.step("search[blanket]");
    const before = env.observe();
    const copy = env.clone();
    copy.step("back");
    expect(env.observe()).toBe(before);
    expect(copy.observe()).toEqual({ instruction: env.currentTask.instruction, page: { kind: "search" } });
  });

  it("refuses snapshots that are not a shopping state, or name products this catalogue lacks", () => {
    const env = shop();
    expect(() => env.restore({ agent: [0, 0] })).toThrow(/not a shopping snapshot/);
    const snapshot = env.snapshot() as { page: unknown };
    expect(() => env.restore({ ...snapshot, page: { kind: "item", id: "B0GHOST000", chosen: {} } })).toThrow(/product "B0GHOST000".*does not have/);
  });
});

describe("the LLM's action parser for the shop", () => {
  it("reads the first action an answer names, in canonical form", () => {
    const env = shop();
    env.reset(4);
    expect(env.parseAction("I will search.\nAction: Search[ Red  Cotton Shirt ]")).toEqual({ action: "search[red cotton shirt]", error: null });
    expect(env.parseAction("search[shirt] then click something")).toEqual({ action: "search[shirt]", error: null });
    env.step("search[shirt]");
    const id = (page(env) as { items: { id: string }[] }).items[0]!.id;
    expect(env.parseAction(`The first one looks right: click[${id.toLowerCase()}]`)).toEqual({ action: `click[${id}]`, error: null });
  });

  it("records why an answer names no action, or one the page does not offer", () => {
    const env = shop();
    env.reset(4);
    expect(env.parseAction("I am not sure what to do.")).toEqual({ action: null, error: expect.stringMatching(/names no action/) });
    expect(env.parseAction("buy")).toEqual({ action: null, error: "buy: buy only on a product's page" });
    env.step("search[shirt]");
    expect(env.parseAction("click[B0NOTTHERE]").error).toMatch(/^click\[B0NOTTHERE\]: not on this page; the page offers click\[/);
  });
});
