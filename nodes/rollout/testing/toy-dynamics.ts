import { encodeFloatModel } from "../../../runtime/inference/float-graph.js";

/**
 * A dynamics model for tests, input [x, a0, a1] (state, one-hot action): x' = x + a1, reward = a1,
 * done = 0.5·a0, hazard = a0 — action 0 is risky, action 1 pays.
 */
export const toyDynamicsModel = encodeFloatModel({
  inputs: { sa: ["batch", 3] },
  outputs: { next: ["batch", 1], r: ["batch", 1], d: ["batch", 1], h: ["batch", 1] },
  weights: {
    Wn: { shape: [3, 1], values: [1, 0, 1] },
    Wr: { shape: [3, 1], values: [0, 0, 1] },
    Wd: { shape: [3, 1], values: [0, 0.5, 0] },
    Wh: { shape: [3, 1], values: [0, 1, 0] },
  },
  nodes: [
    { op: "MatMul", inputs: ["sa", "Wn"], outputs: ["next"] },
    { op: "MatMul", inputs: ["sa", "Wr"], outputs: ["r"] },
    { op: "MatMul", inputs: ["sa", "Wd"], outputs: ["d"] },
    { op: "MatMul", inputs: ["sa", "Wh"], outputs: ["h"] },
  ],
});
