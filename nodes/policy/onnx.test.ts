import { afterAll, describe, expect, it } from "vitest";
import { encodeFloatModel } from "../../runtime/inference/float-graph.js";
import { createModelCache } from "../../runtime/inference/model-cache.js";
import { modelFolder } from "../../runtime/inference/testing/models.js";
import type { StateView } from "../../runtime/ports.js";
import { onnxParams, onnxPolicy } from "./onnx.js";

// mean = obs·W, log_std = obs·0 + [-1, 0.5]; logits = obs·L.
const gaussianModel = encodeFloatModel({
  inputs: { obs: ["batch", 2] },
  outputs: { mu: ["batch", 2], sigma_log: ["batch", 2] },
  weights: { W: { shape: [2, 2], values: [1, 0, 0, 2] }, Z: { shape: [2, 2], values: [0, 0, 0, 0] }, b: { shape: [2], values: [-1, 0.5] } },
  nodes: [
    { op: "MatMul", inputs: ["obs", "W"], outputs: ["mu"] },
    { op: "MatMul", inputs: ["obs", "Z"], outputs: ["z"] },
    { op: "Add", inputs: ["z", "b"], outputs: ["sigma_log"] },
  ],
});
const categoricalModel = encodeFloatModel({
  inputs: { obs: ["batch", 2] },
  outputs: { logits: ["batch", 3] },
  weights: { L: { shape: [2, 3], values: [0, Math.log(2), Math.log(5), 0, 0, 0] } },
  nodes: [{ op: "MatMul", inputs: ["obs", "L"], outputs: ["logits"] }],
});
const folder = modelFolder({ "gauss.onnx": gaussianModel, "cat.onnx": categoricalModel });
afterAll(() => folder.remove());

function state(features: number[], actionSpace: StateView["actionSpace"]): StateView {
  return { name: "plane", actionSpace, encode: () => new Float32Array(features) };
}

const setup = () => ({ nodeId: "policy", pipelineDir: folder.dir, runDir: folder.dir, runSeed: 1, models: createModelCache({ pipelineDir: folder.dir }), log: () => {} });

describe("ONNX policy", () => {
  it("reads a Gaussian head (mean, log-std) for each state of a batch", async () => {
    const params = onnxParams.parse({ variant: "onnx", model: "gauss.onnx", encoding: "x", input: "obs", head: "gaussian", mean: "mu", logStd: "sigma_log" });
    const policy = await onnxPolicy(params, setup());
    const box = { kind: "box", shape: [2], low: -1, high: 1 } as const;
    const [a, b] = await policy.distributions([state([1, 1], box), state([0.5, -1], box)]);
    expect(a).toEqual({ kind: "gaussian", mean: [1, 2], logStd: [-1, 0.5], bounds: { low: [-1, -1], high: [1, 1] } });
    expect(b).toEqual({ kind: "gaussian", mean: [0.5, -2], logStd: [-1, 0.5], bounds: { low: [-1, -1], high: [1, 1] } });
  });

  it("turns logits into a categorical distribution over the discrete actions", async () => {
    const params = onnxParams.parse({ variant: "onnx", model: "cat.onnx", encoding: "x", input: "obs" });
    const policy = await onnxPolicy(params, setup());
    const [d] = await policy.distributions([state([1, 0], { kind: "discrete", n: 3, labels: ["a", "b", "c"] })]);
    if (d?.kind !== "categorical") throw new Error("expected categorical");
    expect(d.actions).toEqual([0, 1, 2]);
    d.probs.forEach((p, i) => expect(p).toBeCloseTo([1 / 8, 2 / 8, 5 / 8][i]!, 5));
  });
});
