import { afterAll, describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import type { Environment } from "../../runtime/environment.js";
import { encodeFloatModel } from "../../runtime/inference/float-graph.js";
import { createModelCache } from "../../runtime/inference/model-cache.js";
import { modelFolder } from "../../runtime/inference/testing/models.js";
import { stepContext } from "../../test/fixtures/node-harness.js";
import { rolloutKind } from "./index.js";

// Input [x, a0] (state, one-hot of the one action): hazard 0.5 every step, and a hazard ends the episode (done = hazard).
const dynamics = encodeFloatModel({
  inputs: { sa: ["batch", 2] },
  outputs: { next: ["batch", 1], r: ["batch", 1], d: ["batch", 1], h: ["batch", 1] },
  weights: {
    Wn: { shape: [2, 1], values: [1, 0] },
    Wr: { shape: [2, 1], values: [0, 0] },
    Wd: { shape: [2, 1], values: [0, 0.5] },
    Wh: { shape: [2, 1], values: [0, 0.5] },
  },
  nodes: [
    { op: "MatMul", inputs: ["sa", "Wn"], outputs: ["next"] },
    { op: "MatMul", inputs: ["sa", "Wr"], outputs: ["r"] },
    { op: "MatMul", inputs: ["sa", "Wd"], outputs: ["d"] },
    { op: "MatMul", inputs: ["sa", "Wh"], outputs: ["h"] },
  ],
});
const folder = modelFolder({ "coin.onnx": dynamics });
afterAll(() => folder.remove());

const world = { name: "one cell", actionSpace: { kind: "discrete", n: 1 }, encode: () => new Float32Array([0]) } as unknown as Environment;

describe("the rollout's risk column with a learned dynamics model", () => {
  it("is the probability of a hazard within the horizon where a hazard ends the episode: 1 − 0.5² over two steps", async () => {
    const params = rolloutKind.params.parse({
      model: { kind: "onnx", path: "coin.onnx", encoding: "x", input: "sa", nextState: "next", reward: "r", done: "d", hazard: "h" },
      horizon: 2,
      continuation: "repeat",
    });
    const node = await rolloutKind.create(params, { nodeId: "rollout", pipelineDir: folder.dir, runDir: folder.dir, runSeed: 1, models: createModelCache({ pipelineDir: folder.dir }), log: () => {} });
    const { candidates } = await node.run({ candidates: CandidateTable.of([0]), environment: world, policy: undefined, value: undefined }, stepContext("rollout"));
    // Σ alive·hazard = 0.5 + 0.5·0.5; 1 − Π(1 − alive·hazard) would say 0.625, counting the end twice.
    expect(candidates.numbers("risk")[0]).toBeCloseTo(1 - 0.5 ** 2, 6);
  });

  it("is described as what each look-ahead computes, not as a share of simulations alone", () => {
    const description = rolloutKind.columns!.find((column) => column.name === "risk")!.description!;
    expect(description).toMatch(/share of simulations/i);
    expect(description).toMatch(/learned dynamics model: the sum over steps of P\(still running\) · P\(hazard\), capped at 1/);
  });
});
