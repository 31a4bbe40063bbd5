import { describe, expect, it } from "vitest";
import type { ShoppingObservation } from "../../protocol/shopping.js";
import { CandidateTable } from "../../runtime/candidate-table.js";
import type { PolicyFunction } from "../../runtime/ports.js";
import { cachedCatalogue } from "../environment/shopping/catalogue.js";
import { searchIndexOf } from "../environment/shopping/search-index.js";
import { ShoppingEnvironment } from "../environment/shopping/shopping.js";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";
import { monteCarloQKind } from "./index.js";

/** A shop on an item page: searched with the goal's words, the first result opened. */
function onItemPage(): ShoppingEnvironment {
  const catalogue = cachedCatalogue(0, 2000);
  const env = ShoppingEnvironment.create({ catalogue, index: searchIndexOf(catalogue), difficulty: "hard" });
  env.reset(7);
  const { goal } = env.currentTask;
  env.step(`search[${goal.attributes.join(" ")} ${goal.type}]`);
  const results = (env.observe() as ShoppingObservation).page;
  if (results.kind !== "results") throw new Error("no results page");
  env.step(`click[${results.items[0]!.id}]`);
  return env;
}

/** After its first action every rollout buys: the shop is deterministic, so each candidate's Monte-Carlo Q is a purchase's reward. */
const buyer: PolicyFunction = { name: "buyer", distributions: (states) => states.map(() => ({ kind: "proposals", actions: ["buy"], logp: [0] })) };

function rewardAfter(env: ShoppingEnvironment, actions: string[]): number {
  const copy = env.clone();
  return actions.reduce((_, action) => copy.step(action).reward, 0);
}

describe("Monte-Carlo Q", () => {
  it("labels each candidate with the mean return of rollouts that take it and then follow the policy, leaving the live shop alone", async () => {
    const env = onItemPage();
    const page = (env.observe() as ShoppingObservation).page;
    if (page.kind !== "item") throw new Error("not on an item page");
    const group = page.options[0]!;
    const actions = ["buy", `choose[${group.name}=${group.values[0]}]`, `choose[${group.name}=${group.values[1]}]`, "buy"];
    const before = JSON.stringify(env.snapshot());
    const node = await createNode(monteCarloQKind, { samples: 3, horizon: 15, discount: 1 });
    const { candidates } = await node.run({ candidates: CandidateTable.of(actions), environment: env, policy: buyer }, stepContext("mc"));

    expect(candidates.numbers("mc_q")).toEqual([rewardAfter(env, ["buy"]), rewardAfter(env, [actions[1]!, "buy"]), rewardAfter(env, [actions[2]!, "buy"]), rewardAfter(env, ["buy"])]);
    // Every rollout ends in the irreversible purchase.
    expect(candidates.numbers("mc_risk")).toEqual([1, 1, 1, 1]);
    expect(JSON.stringify(env.snapshot())).toBe(before);
  });

  it("never simulates a filtered candidate (an answer that named no action, or one a filter removed): its cells stay empty", async () => {
    const env = onItemPage();
    let asked = 0;
    const counting: PolicyFunction = { name: "buyer", distributions: (states) => ((asked += states.length), buyer.distributions(states)) };
    const node = await createNode(monteCarloQKind, { samples: 2, horizon: 15, discount: 1 });
    const table = CandidateTable.of(["buy", "I think I should do something else"], { filtered: [false, true] });
    const { candidates } = await node.run({ candidates: table, environment: env, policy: counting }, stepContext("mc"));
    expect(candidates.column("mc_q")).toEqual([rewardAfter(env, ["buy"]), null]);
    expect(candidates.column("mc_risk")).toEqual([1, null]);
    // Buying ends the episode: no rollout of the one kept row asks the policy anything.
    expect(asked).toBe(0);
  });

  it("discounts the rewards that come after the candidate's own step", async () => {
    const env = onItemPage();
    const page = (env.observe() as ShoppingObservation).page;
    if (page.kind !== "item") throw new Error("not on an item page");
    const choose = `choose[${page.options[0]!.name}=${page.options[0]!.values[0]}]`;
    const node = await createNode(monteCarloQKind, { samples: 1, horizon: 15, discount: 0.5 });
    const { candidates } = await node.run({ candidates: CandidateTable.of([choose, "buy"]), environment: env, policy: buyer }, stepContext("mc"));
    const [afterChoosing, now] = [rewardAfter(env, [choose, "buy"]), rewardAfter(env, ["buy"])];
    expect(afterChoosing).toBeGreaterThan(0);
    expect(candidates.numbers("mc_q")).toEqual([0.5 * afterChoosing, now]);
  });
});
