import { describe, expect, it } from "vitest";
import { Adam } from "./adam.js";
import type { ParameterBlock, Trainable } from "./parameters.js";

function blocks(weights: number[], biases: number[]): Trainable & { weights: ParameterBlock; biases: ParameterBlock } {
  const weightBlock = { values: Float32Array.from(weights), gradients: new Float64Array(weights.length), decays: true };
  const biasBlock = { values: Float32Array.from(biases), gradients: new Float64Array(biases.length), decays: false };
  return { weights: weightBlock, biases: biasBlock, parameterBlocks: () => [weightBlock, biasBlock] };
}

describe("Adam", () => {
  it("moves every parameter by about lr against its gradient's sign on the first step, whatever the gradient's scale", () => {
    const model = blocks([1, 1, 1], [0]);
    model.weights.gradients.set([1e-3, -50, 2]);
    model.biases.gradients.set([7]);
    new Adam(model, { lr: 0.1 }).step();
    expect(Array.from(model.weights.values)).toEqual([0.9, 1.1, 0.9].map((v) => expect.closeTo(v, 5)));
    expect(model.biases.values[0]).toBeCloseTo(-0.1, 5);
  });

  it("finds the minimum of a quadratic", () => {
    const model = blocks([5, -3], [2]);
    const optimizer = new Adam(model, { lr: 0.05 });
    for (let step = 0; step < 2000; step++) {
      // loss = Σ (v - 1)², gradient 2 (v - 1)
      for (const block of model.parameterBlocks()) block.values.forEach((v, k) => (block.gradients[k] = 2 * (v - 1)));
      optimizer.step();
    }
    for (const block of model.parameterBlocks()) for (const v of block.values) expect(v).toBeCloseTo(1, 3);
  });

  it("decays weights but not biases", () => {
    const model = blocks([2, -2], [2]);
    const optimizer = new Adam(model, { lr: 0.1, weightDecay: 0.5 });
    optimizer.step();
    expect(Array.from(model.weights.values)).toEqual([2 * 0.95, -2 * 0.95].map(Math.fround));
    expect(model.biases.values[0]).toBe(2);
  });
});
