import { describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import type { Environment } from "../../runtime/environment.js";
import type { ActionDistribution, PolicyFunction, ValueFunction } from "../../runtime/ports.js";
import { createGridWorld } from "../environment/gridworld/index.js";
import { rolloutKind } from "./index.js";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";

const up = 0;
const right = 1;
const down = 2;
const left = 3;
const gamma = 0.99;

// Lava left of the start, the goal two steps right.
const corridor = ["LS.G"];
// Open floor with the goal far away, so no simulation ends within a few steps.
const field = ["S.....", "......", ".....G"];

function world(layout: readonly string[], slip = 0) {
  const env = createGridWorld({ map: "custom", layout, size: 0, slip, gamma });
  env.reset(1);
  return env;
}

const ctx = (seed = 1, signal?: AbortSignal) => stepContext("rollout", seed, signal);

function rollout(params: Record<string, unknown>) {
  return createNode(rolloutKind, params, "rollout");
}

/** A policy that puts probability 1 on one move, recording the batch size of every call. */
function always(move: number, batches: number[] = []): PolicyFunction {
  const probs = [0, 1, 2, 3].map((m) => (m === move ? 1 : 0));
  return {
    name: `always ${move}`,
    distributions(states) {
      batches.push(states.length);
      return states.map((): ActionDistribution => ({ kind: "categorical", actions: [0, 1, 2, 3], probs }));
    },
  };
}

/** V(s) = max exact Q, recording the batch size of every call. */
function exactValue(batches: number[] = []): ValueFunction {
  return {
    name: "max exact Q",
    values(states: readonly Environment[]) {
      batches.push(states.length);
      return states.map((s) => Math.max(...s.exactQ!()));
    },
  };
}

describe("rollout", () => {
  it("predicts return −1 and risk 1 for walking into lava, and the discounted return of walking to the goal", async () => {
    const node = await rollout({ horizon: 4, continuation: "policy" });
    const { candidates } = await node.run(
      { candidates: CandidateTable.of([left, right]), environment: world(corridor), policy: always(right), value: undefined },
      ctx(),
    );
    expect(candidates.numbers("risk")).toEqual([1, 0]);
    expect(candidates.numbers("return")[0]).toBe(-1);
    expect(candidates.numbers("return")[1]).toBeCloseTo(-0.01 + gamma * 1, 12);
    expect(candidates.column("horizon_value")).toEqual([null, null]);
  });

  it("never simulates a filtered candidate: an answer that named no action, or one a filter removed", async () => {
    const node = await rollout({ horizon: 3, samples: 2, continuation: "policy" });
    const batches: number[] = [];
    const table = CandidateTable.of([right, "I think I should do something else", left], { filtered: [false, true, true] });
    const { candidates } = await node.run({ candidates: table, environment: world(corridor), policy: always(right, batches), value: undefined }, ctx());
    // Right's two simulations only: the policy is asked for them alone.
    expect(batches[0]).toBe(2);
    expect(candidates.column("return")).toEqual([expect.any(Number), null, null]);
    expect(candidates.column("risk")).toEqual([0, null, null]);
    expect(candidates.column("horizon_value")).toEqual([null, null, null]);
  });

  it("continues with the policy or repeats the first action, as asked", async () => {
    const run = async (continuation: "policy" | "repeat") => {
      const node = await rollout({ horizon: 3, continuation });
      const table = CandidateTable.of([up, right]);
      const { candidates } = await node.run({ candidates: table, environment: world(corridor), policy: always(right), value: undefined }, ctx());
      return candidates.numbers("return");
    };
    const [policyUp, policyRight] = await run("policy");
    const [repeatUp, repeatRight] = await run("repeat");
    // Up bumps the top edge; the policy then walks right to the goal, repeating keeps bumping.
    expect(policyUp).toBeCloseTo(-0.01 - 0.01 * gamma + gamma ** 2, 12);
    expect(repeatUp).toBeCloseTo(-0.01 * (1 + gamma + gamma ** 2), 12);
    expect(policyRight).toBeCloseTo(repeatRight!, 12);
  });

  it("holds the candidate's action for the first `hold` steps, as an executor's chunk would, before the policy continues", async () => {
    const run = async (hold: number) => {
      const asked: number[] = [];
      const node = await rollout({ horizon: 4, hold });
      const { candidates } = await node.run({ candidates: CandidateTable.of([up]), environment: world(corridor), policy: always(right, asked), value: undefined }, ctx());
      return { ret: candidates.numbers("return")[0]!, asked };
    };
    const once = await run(1);
    const held = await run(3);
    // Held: up, up, up (bumping the edge), then right; once: up, then right, right to the goal.
    expect(held.ret).toBeCloseTo(-0.01 * (1 + gamma + gamma ** 2 + gamma ** 3), 12);
    expect(once.ret).toBeCloseTo(-0.01 - 0.01 * gamma + gamma ** 2, 12);
    expect(held.asked).toEqual([1]);
    expect(once.asked).toEqual([1, 1]);
  });

  it("takes the policy's most likely action when continuing greedily", async () => {
    const likelyRight: PolicyFunction = {
      name: "mostly right",
      distributions: (states) => states.map(() => ({ kind: "categorical", actions: [0, 1, 2, 3], probs: [0.2, 0.5, 0.2, 0.1] })),
    };
    const node = await rollout({ horizon: 3, continuationSampling: "greedy" });
    const { candidates } = await node.run(
      { candidates: CandidateTable.of([up]), environment: world(corridor), policy: likelyRight, value: undefined },
      ctx(),
    );
    expect(candidates.numbers("return")[0]).toBeCloseTo(-0.01 - 0.01 * gamma + gamma ** 2, 12);
  });

  it("adds γ^H·V(s_H) for simulations still running at the horizon, asking the value function once", async () => {
    const env = world(corridor);
    const calls: number[] = [];
    const node = await rollout({ horizon: 2, continuation: "repeat" });
    const { candidates } = await node.run(
      { candidates: CandidateTable.of([up, right, up]), environment: env, policy: undefined, value: exactValue(calls) },
      ctx(),
    );
    const bootstrapTerm = gamma ** 2 * Math.max(...env.exactQ());
    expect(candidates.numbers("return")[0]).toBeCloseTo(-0.01 - 0.01 * gamma + bootstrapTerm, 12);
    expect(candidates.column("horizon_value")?.[0]).toBeCloseTo(bootstrapTerm, 12);
    // Right reaches the goal at step 2: the episode is over, nothing to bootstrap.
    expect(candidates.numbers("return")[1]).toBeCloseTo(-0.01 + gamma, 12);
    expect(candidates.column("horizon_value")?.[1]).toBeNull();
    expect(calls).toEqual([1]);
  });

  it("does not bootstrap when bootstrap is off", async () => {
    const calls: number[] = [];
    const node = await rollout({ horizon: 2, continuation: "repeat", bootstrap: false });
    const { candidates } = await node.run(
      { candidates: CandidateTable.of([up]), environment: world(corridor), policy: undefined, value: exactValue(calls) },
      ctx(),
    );
    expect(candidates.numbers("return")[0]).toBeCloseTo(-0.01 - 0.01 * gamma, 12);
    expect(candidates.column("horizon_value")).toEqual([null]);
    expect(calls).toEqual([]);
  });

  it("leaves the live environment as it was", async () => {
    const env = world(corridor, 0.3);
    const before = JSON.stringify(env.snapshot());
    const node = await rollout({ horizon: 5, samples: 8 });
    await node.run(
      { candidates: CandidateTable.of([up, right, down, left]), environment: env, policy: always(right), value: exactValue() },
      ctx(),
    );
    expect(JSON.stringify(env.snapshot())).toBe(before);
  });

  it("is deterministic for one seed and differs for another when moves slip", async () => {
    const run = async (seed: number) => {
      const node = await rollout({ horizon: 4, samples: 16 });
      const uniform: PolicyFunction = {
        name: "uniform",
        distributions: (states) => states.map(() => ({ kind: "categorical", actions: [0, 1, 2, 3], probs: [1, 1, 1, 1] })),
      };
      const { candidates } = await node.run(
        { candidates: CandidateTable.of([up, right, down]), environment: world(["L..L", "LS.G", "L..L"], 0.3), policy: uniform, value: undefined },
        ctx(seed),
      );
      return [candidates.numbers("return"), candidates.numbers("risk")];
    };
    expect(await run(7)).toEqual(await run(7));
    expect(await run(8)).not.toEqual(await run(7));
  });

  it("gives equal actions equal predictions", async () => {
    const node = await rollout({ horizon: 3, samples: 4 });
    const { candidates } = await node.run(
      { candidates: CandidateTable.of([down, right, down]), environment: world(["L..L", "LS.G", "L..L"], 0.3), policy: always(right), value: undefined },
      ctx(),
    );
    const returns = candidates.numbers("return");
    expect(returns[0]).toBe(returns[2]);
  });

  it("asks the policy once per horizon step with every running simulation", async () => {
    const batches: number[] = [];
    const node = await rollout({ horizon: 5, samples: 2 });
    await node.run(
      { candidates: CandidateTable.of([up, right, down, left]), environment: world(field), policy: always(right, batches), value: undefined },
      ctx(),
    );
    // The first step takes each candidate's own action; steps 2..5 ask the policy.
    expect(batches).toEqual([8, 8, 8, 8]);
  });

  it("stops when the run is aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const node = await rollout({ horizon: 3 });
    await expect(
      node.run({ candidates: CandidateTable.of([right]), environment: world(field), policy: always(right), value: undefined }, ctx(1, controller.signal)),
    ).rejects.toThrow(/aborted/);
  });

  it("needs a policy input only when continuing with the policy", () => {
    const required = rolloutKind.inputs.policy.required;
    expect(required(rolloutKind.params.parse({ continuation: "policy" }))).toBe(true);
    expect(required(rolloutKind.params.parse({ continuation: "repeat" }))).toBe(false);
  });
});

describe("rollout params", () => {
  it("refuse holding a candidate's action longer than the horizon, naming hold", () => {
    const parsed = rolloutKind.params.safeParse({ horizon: 20, hold: 30 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ["hold"], message: "30 steps is longer than the horizon (20): the simulation ends before the candidate's action has been held; hold at most the horizon" })]);
    expect(rolloutKind.params.safeParse({ horizon: 20, hold: 20 }).success).toBe(true);
  });
});
