import { afterAll, describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import { encodeFloatModel } from "../../runtime/inference/float-graph.js";
import { createModelCache } from "../../runtime/inference/model-cache.js";
import { modelFolder } from "../../runtime/inference/testing/models.js";
import { createGridWorld } from "../environment/gridworld/index.js";
import { stepContext } from "../../test/fixtures/node-harness.js";
import { qScorerKind } from "./index.js";

// Q(s, a) = obs·0 + onehot(a)·[1, 2, 3, 4]: the Q of action a is a + 1 whatever the state.
const qsaModel = encodeFloatModel({
  inputs: { obs: ["batch", 3], act: ["batch", 4] },
  outputs: { q: ["batch", 1] },
  weights: { Wo: { shape: [3, 1], values: [0, 0, 0] }, Wa: { shape: [4, 1], values: [1, 2, 3, 4] } },
  nodes: [
    { op: "MatMul", inputs: ["obs", "Wo"], outputs: ["qo"] },
    { op: "MatMul", inputs: ["act", "Wa"], outputs: ["qa"] },
    { op: "Add", inputs: ["qo", "qa"], outputs: ["q"] },
  ],
});
// V(s) = 10·row + col, from the coords encoding [row/(H−1), col/(W−1), goalRow/(H−1), goalCol/(W−1)] on a 3×3 room.
const valueModel = encodeFloatModel({
  inputs: { coords: ["batch", 4] },
  outputs: { v: ["batch", 1] },
  weights: { W: { shape: [4, 1], values: [20, 2, 0, 0] } },
  nodes: [{ op: "MatMul", inputs: ["coords", "W"], outputs: ["v"] }],
});
const folder = modelFolder({ "qsa.onnx": qsaModel, "v.onnx": valueModel });
afterAll(() => folder.remove());

const room = () => createGridWorld({ map: "custom", layout: ["S..", "...", "..G"], size: 0, slip: 0, gamma: 0.9 });

async function scorer(params: Record<string, unknown>) {
  const parsed = qScorerKind.params.parse({ variant: "onnx", ...params });
  return qScorerKind.create(parsed, { nodeId: "q", pipelineDir: folder.dir, runDir: folder.dir, runSeed: 1, models: createModelCache({ pipelineDir: folder.dir }), log: () => {} });
}

describe("ONNX Q-scorer", () => {
  it("scores (state, one-hot action) pairs in one batch with a q-sa model, and offers max Q as V(s)", async () => {
    const env = room();
    env.reset(1);
    const node = await scorer({ model: "qsa.onnx", form: "q-sa", encoding: "coords", stateInput: "obs", actionInput: "act", output: "q" });
    // The coords encoding has 4 features and the model takes 3: validation would refuse it, so feed a 3-feature view.
    const view = { ...env, encode: () => new Float32Array([0.1, 0.2, 0.3]) } as unknown as typeof env;
    const { candidates, value } = await node.run({ candidates: CandidateTable.of([3, 0, 2, 0]), environment: view }, stepContext("q"));
    expect(candidates.column("q")).toEqual([4, 1, 3, 1]);
    expect(await value.values([view, view])).toEqual([4, 4]);
  });

  it("scores r + γ·V(s') over simulated next states with a v-s model, leaving the live environment alone", async () => {
    const env = room();
    env.reset(1);
    const before = JSON.stringify(env.snapshot());
    const node = await scorer({ model: "v.onnx", form: "v-s", encoding: "coords", stateInput: "coords", output: "v", gamma: 0.5, samples: 2 });
    const { candidates } = await node.run({ candidates: CandidateTable.of([0, 1, 2, 3]), environment: env }, stepContext("q"));
    // From (0, 0): up and left bump (V(0,0) = 0), right reaches (0, 1) (V = 1), down (1, 0) (V = 10); every step costs 0.01.
    const q = candidates.numbers("q");
    expect(q[0]).toBeCloseTo(-0.01, 5);
    expect(q[1]).toBeCloseTo(-0.01 + 0.5 * 1, 5);
    expect(q[2]).toBeCloseTo(-0.01 + 0.5 * 10, 5);
    expect(q[3]).toBeCloseTo(-0.01, 5);
    expect(JSON.stringify(env.snapshot())).toBe(before);
  });
});
