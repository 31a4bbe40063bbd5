import { afterAll, describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import type { Environment } from "../../runtime/environment.js";
import { encodeFloatModel } from "../../runtime/inference/float-graph.js";
import { createModelCache } from "../../runtime/inference/model-cache.js";
import { modelFolder } from "../../runtime/inference/testing/models.js";
import type { ValueFunction } from "../../runtime/ports.js";
import { stepContext } from "../../test/fixtures/node-harness.js";
import { rolloutKind } from "./index.js";
import { toyDynamicsModel } from "./testing/toy-dynamics.js";

const folder = modelFolder({ "dyn.onnx": toyDynamicsModel });
afterAll(() => folder.remove());

/** A line world at x = 3 with two actions: all a learned model needs of the live environment. */
const line = {
  name: "line",
  actionSpace: { kind: "discrete", n: 2, labels: ["stay", "advance"] },
  encode: () => new Float32Array([3]),
} as unknown as Environment;

const xValue: ValueFunction = { name: "V = x", values: (states) => states.map((s) => s.encode("x")[0]!) };

async function rollout(extra: Record<string, unknown>) {
  const params = rolloutKind.params.parse({
    model: { kind: "onnx", path: "dyn.onnx", encoding: "x", input: "sa", nextState: "next", reward: "r", done: "d", hazard: "h" },
    horizon: 2,
    continuation: "repeat",
    discount: 1,
    ...extra,
  });
  return rolloutKind.create(params, { nodeId: "rollout", pipelineDir: folder.dir, runDir: folder.dir, runSeed: 1, models: createModelCache({ pipelineDir: folder.dir }), log: () => {} });
}

describe("rollout through a learned ONNX dynamics model", () => {
  it("weighs rewards by the probability the episode is still running and sums hazard probability as risk", async () => {
    const node = await rollout({ bootstrap: false });
    const { candidates } = await node.run({ candidates: CandidateTable.of([0, 1, 1]), environment: line, policy: undefined, value: undefined }, stepContext("rollout"));
    // stay: reward 0; hazard 1 at t0, then 0.5 (alive) at t1 → capped at 1. advance: reward 1 twice, no hazard.
    expect(candidates.column("return")).toEqual([0, 2, 2]);
    expect(candidates.column("risk")).toEqual([1, 0, 0]);
    expect(candidates.column("horizon_value")).toEqual([null, null, null]);
  });

  it("bootstraps with V of the predicted state at the horizon, weighted by the chance of still running", async () => {
    const node = await rollout({ bootstrap: true });
    const { candidates } = await node.run({ candidates: CandidateTable.of([0, 1]), environment: line, policy: undefined, value: xValue }, stepContext("rollout"));
    // stay: x stays 3, alive 0.5·0.5 = 0.25 → 0.75; advance: x = 5, alive 1 → 5.
    expect(candidates.column("horizon_value")).toEqual([0.75, 5]);
    expect(candidates.column("return")).toEqual([0.75, 7]);
  });
});

// Input [x, u] (state, action vector): x' = x, reward = u, done = 0, hazard = 0.
const torqueDynamics = encodeFloatModel({
  inputs: { sa: ["batch", 2] },
  outputs: { next: ["batch", 1], r: ["batch", 1], d: ["batch", 1], h: ["batch", 1] },
  weights: { Wn: { shape: [2, 1], values: [1, 0] }, Wr: { shape: [2, 1], values: [0, 1] }, Z: { shape: [2, 1], values: [0, 0] } },
  nodes: [
    { op: "MatMul", inputs: ["sa", "Wn"], outputs: ["next"] },
    { op: "MatMul", inputs: ["sa", "Wr"], outputs: ["r"] },
    { op: "MatMul", inputs: ["sa", "Z"], outputs: ["d"] },
    { op: "MatMul", inputs: ["sa", "Z"], outputs: ["h"] },
  ],
});
const torqueFolder = modelFolder({ "torque.onnx": torqueDynamics });
afterAll(() => torqueFolder.remove());

describe("rollout through a learned dynamics model with continuous actions", () => {
  const bar = { name: "bar", actionSpace: { kind: "box", shape: [1], low: -2, high: 2 }, encode: () => new Float32Array([0.5]) } as unknown as Environment;

  it("feeds the state followed by the action vector, clipped to the bounds as the environment would", async () => {
    const params = rolloutKind.params.parse({
      model: { kind: "onnx", path: "torque.onnx", encoding: "x", input: "sa", nextState: "next", reward: "r", done: "d", hazard: "h" },
      horizon: 2,
      continuation: "repeat",
      discount: 0.5,
      bootstrap: false,
    });
    const node = await rolloutKind.create(params, { nodeId: "rollout", pipelineDir: torqueFolder.dir, runDir: torqueFolder.dir, runSeed: 1, models: createModelCache({ pipelineDir: torqueFolder.dir }), log: () => {} });
    const { candidates } = await node.run({ candidates: CandidateTable.of([[-1], [0.5], [3]]), environment: bar, policy: undefined, value: undefined }, stepContext("rollout"));
    // return = u + 0.5·u with u clipped to [−2, 2].
    expect(candidates.column("return")).toEqual([-1.5, 0.75, 3]);
  });

  it("continues with a Gaussian policy's draws, clipped to its bounds", async () => {
    const params = rolloutKind.params.parse({
      model: { kind: "onnx", path: "torque.onnx", encoding: "x", input: "sa", nextState: "next", reward: "r", done: "d", hazard: "h" },
      horizon: 3,
      continuation: "policy",
      continuationSampling: "greedy",
      discount: 1,
      bootstrap: false,
    });
    const policy = { name: "push", distributions: (states: readonly unknown[]) => states.map(() => ({ kind: "gaussian" as const, mean: [9], logStd: [0], bounds: { low: [-2], high: [2] } })) };
    const node = await rolloutKind.create(params, { nodeId: "rollout", pipelineDir: torqueFolder.dir, runDir: torqueFolder.dir, runSeed: 1, models: createModelCache({ pipelineDir: torqueFolder.dir }), log: () => {} });
    const { candidates } = await node.run({ candidates: CandidateTable.of([[0]]), environment: bar, policy, value: undefined }, stepContext("rollout"));
    expect(candidates.column("return")).toEqual([4]);
  });
});
