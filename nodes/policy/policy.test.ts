import { describe, expect, it } from "vitest";
import type { ActionSpace, Environment } from "../../runtime/environment.js";
import type { ActionDistribution } from "../../runtime/ports.js";
import { createGridWorld } from "../environment/gridworld/index.js";
import { policyKind } from "./index.js";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";

// S at row 1 col 1, G two cells to the right: moving right is the only move that gets closer.
const corridor = ["#####", "#S.G#", "#...#", "#####"];

function gridWorld(): Environment {
  return createGridWorld({ map: "custom", layout: corridor, size: 0, slip: 0, gamma: 0.95 });
}

const context = () => stepContext("policy");

function policyNode(params: Record<string, unknown>) {
  return createNode(policyKind, params, "policy");
}

function probsOf(distribution: ActionDistribution | undefined): readonly number[] {
  if (distribution?.kind !== "categorical") throw new Error(`expected a categorical distribution, got ${distribution?.kind}`);
  return distribution.probs;
}

/** An environment with only the contract's required methods, i.e. no naive preferences. */
function bareEnvironment(actionSpace: ActionSpace): Environment {
  const unused = (): never => {
    throw new Error("not used by the policy");
  };
  return {
    name: "bare",
    actionSpace,
    done: false,
    reset: () => null,
    observe: () => null,
    step: unused,
    snapshot: () => null,
    restore: unused,
    reseed: unused,
    clone: unused,
    render: () => "",
    describeAction: String,
    encodings: {},
    encode: unused,
  };
}

describe("heuristic policy", () => {
  it("gives (1 − ε)·softmax(naivePreferences / T) + ε/n over the four moves", async () => {
    const env = gridWorld();
    const node = await policyNode({ variant: "heuristic", temperature: 0.5, epsilon: 0.2 });
    const { distribution } = await node.run({ environment: env }, context());
    const preferences = env.naivePreferences!();
    const exps = preferences.map((p) => Math.exp(p / 0.5));
    const total = exps.reduce((a, b) => a + b, 0);
    const expected = exps.map((e) => 0.8 * (e / total) + 0.2 / 4);
    expect(distribution).toMatchObject({ kind: "categorical", actions: [0, 1, 2, 3] });
    probsOf(distribution).forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 12));
    expect(probsOf(distribution).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Math.max(...probsOf(distribution))).toBe(probsOf(distribution)[1]);
  });

  it("defaults to T = 0.5 and ε = 0.15 and names itself after them", async () => {
    expect(policyKind.params.parse({ variant: "heuristic" })).toEqual({ variant: "heuristic", temperature: 0.5, epsilon: 0.15 });
    const node = await policyNode({ variant: "heuristic" });
    const { policy } = await node.run({ environment: gridWorld() }, context());
    expect(policy.name).toBe("heuristic(T=0.5, ε=0.15)");
  });

  it("is uniform when ε = 1", async () => {
    const node = await policyNode({ variant: "heuristic", epsilon: 1 });
    const { distribution } = await node.run({ environment: gridWorld() }, context());
    expect(probsOf(distribution)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it("gives each state its own distribution when called with a batch of simulator copies", async () => {
    const env = gridWorld();
    const node = await policyNode({ variant: "heuristic" });
    const { distribution, policy } = await node.run({ environment: env }, context());
    const atStart = env.clone();
    const belowStart = env.clone();
    belowStart.step(2);
    const batch = await policy.distributions([atStart, belowStart]);
    expect(batch).toHaveLength(2);
    expect(batch[0]).toEqual(distribution);
    expect(batch[1]).toEqual((await policy.distributions([belowStart]))[0]);
    expect(batch[1]).not.toEqual(batch[0]);
  });

  it("refuses an environment without naive preferences", async () => {
    const node = await policyNode({ variant: "heuristic" });
    const environment = bareEnvironment({ kind: "discrete", n: 2, labels: ["a", "b"] });
    await expect(async () => node.run({ environment }, context())).rejects.toThrow(/naivePreferences\(\); "bare" does not/);
  });

  it("refuses a continuous action space", async () => {
    const node = await policyNode({ variant: "heuristic" });
    const environment = bareEnvironment({ kind: "box", shape: [2], low: -1, high: 1 });
    await expect(async () => node.run({ environment }, context())).rejects.toThrow(/discrete action space.*box/);
  });
});

describe("uniform policy", () => {
  it("is uniform over the discrete actions", async () => {
    const node = await policyNode({ variant: "uniform" });
    const { distribution, policy } = await node.run({ environment: gridWorld() }, context());
    expect(distribution).toEqual({ kind: "categorical", actions: [0, 1, 2, 3], probs: [0.25, 0.25, 0.25, 0.25] });
    expect(policy.name).toBe("uniform");
  });

  it("draws a box's actions as Gymnasium's space.sample() does: uniform between finite bounds, and as its own over a half- or unbounded dimension", async () => {
    const node = await policyNode({ variant: "uniform" });
    const environment = bareEnvironment({ kind: "box", shape: [3], low: [-1, 0, -Infinity], high: [3, Infinity, Infinity] });
    const { distribution } = await node.run({ environment }, context());
    expect(distribution).toEqual({ kind: "uniform", space: { type: "Box", shape: [3], low: [-1, 0, null], high: [3, null, null], dtype: "float32" } });
  });

  it("is a standard normal per dimension over a box, clipped to its bounds, with box \"normal\"", async () => {
    const node = await policyNode({ variant: "uniform", box: "normal" });
    const environment = bareEnvironment({ kind: "box", shape: [3], low: -1, high: 1 });
    const { distribution } = await node.run({ environment }, context());
    expect(distribution).toEqual({ kind: "gaussian", mean: [0, 0, 0], logStd: [0, 0, 0], bounds: { low: [-1, -1, -1], high: [1, 1, 1] } });
  });
});

describe("policy params", () => {
  it("start as the heuristic with its defaults when none are given", () => {
    expect(policyKind.params.parse(undefined)).toEqual({ variant: "heuristic", temperature: 0.5, epsilon: 0.15 });
  });

  it("refuse an unknown variant and out-of-range numbers", () => {
    expect(policyKind.params.safeParse({ variant: "oracle" }).success).toBe(false);
    expect(policyKind.params.safeParse({ variant: "heuristic", temperature: 0 }).success).toBe(false);
    expect(policyKind.params.safeParse({ variant: "heuristic", epsilon: 1.5 }).success).toBe(false);
  });
});
