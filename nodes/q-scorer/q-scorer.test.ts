import { describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import type { Environment } from "../../runtime/environment.js";
import { createGridWorld } from "../environment/gridworld/index.js";
import { qScorerKind } from "./index.js";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";

// Lava left of the start, the goal two steps right, floor below.
const layout = ["LS.G", "...."];

function world(slip = 0.2) {
  const env = createGridWorld({ map: "custom", layout, size: 0, slip, gamma: 0.9 });
  env.reset(1);
  return env;
}

const ctx = () => stepContext("q");

function scorer(params: unknown) {
  return createNode(qScorerKind, params, "q");
}

describe("oracle Q-scorer", () => {
  it("gives every row the environment's exact Q, duplicates included", async () => {
    const env = world();
    const node = await scorer({ variant: "oracle" });
    const { candidates } = await node.run({ candidates: CandidateTable.of([1, 3, 1, 2]), environment: env }, ctx());
    const q = env.exactQ();
    expect(candidates.numbers("q")).toEqual([q[1], q[3], q[1], q[2]]);
  });

  it("gives every row the environment's hazard probability as risk", async () => {
    const env = world();
    const node = await scorer({ variant: "oracle" });
    const { candidates } = await node.run({ candidates: CandidateTable.of([3, 0, 2]), environment: env }, ctx());
    expect(candidates.numbers("risk")).toEqual([env.hazardProbability(3), env.hazardProbability(0), env.hazardProbability(2)]);
    expect(candidates.numbers("risk")[0]).toBeCloseTo(0.8);
  });

  it("offers V(s) = max exact Q in each given state", async () => {
    const env = world();
    const moved = env.clone();
    moved.step(2);
    const node = await scorer({ variant: "oracle" });
    const { value } = await node.run({ candidates: CandidateTable.of([1]), environment: env }, ctx());
    expect(await value.values([env, moved])).toEqual([Math.max(...env.exactQ()), Math.max(...moved.exactQ())]);
    expect(Math.max(...moved.exactQ())).not.toBe(Math.max(...env.exactQ()));
  });

  it("names the environment when it cannot compute exact Q values", async () => {
    const blind: Environment = Object.create(world(), { exactQ: { value: undefined }, name: { value: "blindworld" } });
    const node = await scorer({ variant: "oracle" });
    await expect(async () => node.run({ candidates: CandidateTable.of([1]), environment: blind }, ctx())).rejects.toThrow(/"blindworld" cannot/);
  });

  it("refuses an action that is not a discrete index", async () => {
    const node = await scorer({ variant: "oracle" });
    await expect(async () => node.run({ candidates: CandidateTable.of([1, "up"]), environment: world() }, ctx())).rejects.toThrow(
      /row 1 holds action "up"/,
    );
  });

  it("needs the environment input only as an oracle", () => {
    const required = qScorerKind.inputs.environment.required;
    expect(required(qScorerKind.params.parse({ variant: "oracle" }))).toBe(true);
    expect(required(qScorerKind.params.parse({ variant: "logp" }))).toBe(false);
  });
});

describe("log-prob Q-scorer", () => {
  it("copies the logp column into q", async () => {
    const node = await scorer({ variant: "logp" });
    const logp = [-0.1, -2.3, -0.1];
    const { candidates } = await node.run({ candidates: CandidateTable.of([1, 0, 1], { logp }), environment: undefined }, ctx());
    expect(candidates.numbers("q")).toEqual(logp);
  });

  it("lists the available columns when there is no logp column", async () => {
    const node = await scorer({ variant: "logp" });
    await expect(
      async () => node.run({ candidates: CandidateTable.of([1], { count: [1] }), environment: undefined }, ctx()),
    ).rejects.toThrow(/no column "logp" \(columns: action, count\)/);
  });

  it("offers a value function that explains it has no state value", async () => {
    const node = await scorer({ variant: "logp" });
    const { value } = await node.run({ candidates: CandidateTable.of([1], { logp: [0] }), environment: undefined }, ctx());
    expect(() => value.values([world()])).toThrow(/no state value.*connect the value of an oracle or model-based/);
  });
});
