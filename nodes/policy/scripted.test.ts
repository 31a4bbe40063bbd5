import { describe, expect, it } from "vitest";
import type { ShoppingObservation } from "../../protocol/shopping.js";
import type { Environment } from "../../runtime/environment.js";
import { environmentKind } from "../environment/index.js";
import { samplerKind } from "../sampler/index.js";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";
import { createGridWorld } from "../environment/gridworld/index.js";
import { policyKind } from "./index.js";

async function shop(seed: number): Promise<Environment> {
  const node = await createNode(environmentKind, { name: "shopping", difficulty: "hard" }, "env");
  await node.beginEpisode?.({ episode: 0, seed, rng: stepContext("env").rng });
  return (await node.run({}, stepContext("env"))).environment;
}

async function distributionOn(environment: Environment, params: Record<string, unknown> = {}) {
  const node = await createNode(policyKind, { variant: "scripted", ...params }, "policy");
  const { distribution, policy } = await node.run({ environment }, stepContext("policy"));
  if (distribution.kind !== "categorical") throw new Error(`expected categorical, got ${distribution.kind}`);
  return { distribution, policy };
}

describe("scripted policy (the shopping task's no-LLM baseline)", () => {
  it("defaults to T = 0.5 and ε = 0.1 and names itself after them", async () => {
    expect(policyKind.params.parse({ variant: "scripted" })).toEqual({ variant: "scripted", temperature: 0.5, epsilon: 0.1 });
    expect((await distributionOn(await shop(1))).policy.name).toBe("scripted(T=0.5, ε=0.1)");
  });

  it("gives (1 − ε)·softmax(scores / T) + ε/n over the environment's scripted proposals", async () => {
    const env = await shop(1);
    const { actions, scores } = env.naiveProposals!();
    const { distribution } = await distributionOn(env, { temperature: 0.25, epsilon: 0.2 });
    const exps = scores.map((s) => Math.exp(s / 0.25));
    const total = exps.reduce((a, b) => a + b, 0);
    expect(distribution.actions).toEqual(actions);
    distribution.probs.forEach((p, i) => expect(p).toBeCloseTo(0.8 * (exps[i]! / total) + 0.2 / actions.length, 12));
    expect(distribution.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("proposes only actions the page offers: plausible searches, results by rank, options, buy and back", async () => {
    const env = await shop(7);
    const search = (await distributionOn(env)).distribution;
    expect(search.actions.length).toBeGreaterThan(1);
    for (const action of search.actions) expect(action).toMatch(/^search\[[a-z0-9 -]+\]$/);
    // The full instruction's words are the most likely query.
    expect(search.probs.indexOf(Math.max(...search.probs))).toBe(0);

    env.step(search.actions[0]!);
    const results = (await distributionOn(env)).distribution;
    const valid = env.validActions!();
    for (const action of results.actions) expect(valid).toContain(action);
    expect(results.actions[0]).toBe(valid[0]);

    env.step(results.actions[0]!);
    const item = (await distributionOn(env)).distribution;
    const page = (env.observe() as ShoppingObservation).page;
    expect(page.kind).toBe("item");
    for (const action of item.actions) expect(env.validActions!()).toContain(action);
    expect(item.actions).toEqual(expect.arrayContaining(["buy", "back"]));
    // Noisy: every proposal keeps some probability, a buy before choosing options included.
    for (const p of item.probs) expect(p).toBeGreaterThan(0.01);
  });

  it("draws the same candidates from the same seed through the sampler", async () => {
    const env = await shop(3);
    const { distribution } = await distributionOn(env);
    const sampler = await createNode(samplerKind, { n: 8 }, "sampler");
    const draw = async (seed: number) => (await sampler.run({ distribution }, stepContext("sampler", seed))).candidates.actions;
    expect(await draw(5)).toEqual(await draw(5));
    const draws = await Promise.all(Array.from({ length: 10 }, (_, s) => draw(s)));
    expect(new Set(draws.map((d) => d.join("|"))).size).toBeGreaterThan(1);
  });

  it("refuses an environment that proposes no scripted actions", async () => {
    const node = await createNode(policyKind, { variant: "scripted" }, "policy");
    const grid = createGridWorld({ map: "lava-bridge", size: 9, slip: 0, gamma: 0.99 });
    await expect(async () => node.run({ environment: grid }, stepContext("policy"))).rejects.toThrow(/naiveProposals\(\)\); "gridworld" does not/);
  });
});
