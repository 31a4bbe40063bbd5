import { describe, expect, it } from "vitest";
import { Rng } from "../runtime/rng.js";
import { meanSquaredError, softmaxCrossEntropy, type LossResult } from "./losses.js";
import { Mlp, type MlpJson } from "./mlp.js";

function randomBatch(rng: Rng, rows: number, width: number): Float32Array {
  return Float32Array.from({ length: rows * width }, () => rng.normal());
}

/** An independent float64 forward pass over a net's JSON, so finite differences are not drowned by float32 rounding. */
function referenceForward(net: MlpJson, batch: Float32Array, rows: number): number[] {
  let activations = Array.from(batch);
  net.layers.forEach(({ weights, biases }, l) => {
    const [n, m] = [net.sizes[l]!, net.sizes[l + 1]!];
    const next: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < m; j++) {
        let z = biases[j]!;
        for (let i = 0; i < n; i++) z += activations[r * n + i]! * weights[i * m + j]!;
        next.push(l < net.layers.length - 1 ? Math.max(0, z) : z);
      }
    }
    activations = next;
  });
  return activations;
}

const squaredError = (targets: Float32Array) => (outputs: number[]) =>
  outputs.reduce((sum, o, k) => sum + (o - targets[k]!) ** 2, 0) / outputs.length;

const crossEntropy = (labels: number[], classes: number) => (outputs: number[]) =>
  labels.reduce((sum, label, r) => {
    const row = outputs.slice(r * classes, (r + 1) * classes);
    return sum + Math.log(row.reduce((total, o) => total + Math.exp(o), 0)) - row[label]!;
  }, 0) / labels.length;

/**
 * Largest relative error between backward's gradients (from the loss module's dOutput) and
 * central differences of the same loss computed in float64, over every parameter.
 */
function worstGradientError(
  model: Mlp,
  batch: Float32Array,
  rows: number,
  lossResult: (outputs: Float32Array) => LossResult,
  referenceLoss: (outputs: number[]) => number,
): number {
  const eps = 1e-6;
  model.backward(lossResult(model.forward(batch, rows)).dOutput);
  const net = model.toJSON();
  const lossAt = () => referenceLoss(referenceForward(net, batch, rows));
  let worst = 0;
  model.layers.forEach((layer, l) => {
    const pairs: [number[], Float64Array][] = [
      [net.layers[l]!.weights, layer.weights.gradients],
      [net.layers[l]!.biases, layer.biases.gradients],
    ];
    for (const [values, gradients] of pairs) {
      values.forEach((original, k) => {
        values[k] = original + eps;
        const up = lossAt();
        values[k] = original - eps;
        const down = lossAt();
        values[k] = original;
        const numerical = (up - down) / (2 * eps);
        const analytical = gradients[k]!;
        worst = Math.max(worst, Math.abs(numerical - analytical) / Math.max(Math.abs(numerical), Math.abs(analytical), 1e-6));
      });
    }
  });
  return worst;
}

describe("Mlp", () => {
  it("computes the same gradients as finite differences under mean squared error", () => {
    const rng = Rng.fromSeed(1);
    const model = Mlp.create([3, 6, 5, 2], rng);
    const batch = randomBatch(rng, 4, 3);
    const targets = randomBatch(rng, 4, 2);
    expect(worstGradientError(model, batch, 4, (outputs) => meanSquaredError(outputs, targets), squaredError(targets))).toBeLessThan(1e-3);
  });

  it("computes the same gradients as finite differences under softmax cross-entropy", () => {
    const rng = Rng.fromSeed(2);
    const model = Mlp.create([4, 7, 3], rng);
    const batch = randomBatch(rng, 5, 4);
    const labels = [0, 2, 1, 1, 0];
    expect(worstGradientError(model, batch, 5, (outputs) => softmaxCrossEntropy(outputs, labels, 3), crossEntropy(labels, 3))).toBeLessThan(1e-3);
  });

  it("agrees with a float64 reference forward pass to float32 precision", () => {
    const rng = Rng.fromSeed(7);
    const model = Mlp.create([5, 16, 16, 3], rng);
    const batch = randomBatch(rng, 9, 5);
    const reference = referenceForward(model.toJSON(), batch, 9);
    model.forward(batch, 9).forEach((output, k) => expect(output).toBeCloseTo(reference[k]!, 5));
  });

  it("computes a linear layer exactly by hand", () => {
    const model = Mlp.fromJSON({ sizes: [2, 2], layers: [{ weights: [1, 2, 3, 4], biases: [0.5, -0.5] }] });
    // weights are [in][out]: output j = Σ_i x_i · w[i * 2 + j] + b_j
    expect(Array.from(model.forward(Float32Array.from([1, 10]), 1))).toEqual([1 + 30 + 0.5, 2 + 40 - 0.5]);
  });

  it("zeroes negative hidden units", () => {
    const model = Mlp.fromJSON({ sizes: [1, 2, 1], layers: [{ weights: [1, -1], biases: [0, 0] }, { weights: [1, 1], biases: [0] }] });
    expect(Array.from(model.forward(Float32Array.from([3, -2]), 2))).toEqual([3, 2]);
  });

  it("round-trips through JSON bit for bit", () => {
    const model = Mlp.create([3, 8, 2], Rng.fromSeed(3));
    const copy = Mlp.fromJSON(JSON.parse(JSON.stringify(model)));
    const batch = randomBatch(Rng.fromSeed(4), 6, 3);
    expect(copy.sizes).toEqual([3, 8, 2]);
    expect(copy.forward(batch, 6)).toEqual(model.forward(batch, 6));
  });

  it("refuses JSON whose weights do not fit its sizes", () => {
    expect(() => Mlp.fromJSON({ sizes: [2, 3], layers: [{ weights: [1, 2, 3], biases: [0, 0, 0] }] })).toThrow(/layers\[0\]\.weights has 3 values; a 2→3 layer needs 6/);
  });

  it("refuses a batch whose length does not match its row count", () => {
    const model = Mlp.create([3, 2], Rng.fromSeed(5));
    expect(() => model.forward(new Float32Array(7), 2)).toThrow(/2 rows of 3 features need 6/);
  });

  it("initialises hidden weights within the He-uniform bound", () => {
    const model = Mlp.create([50, 40, 1], Rng.fromSeed(6));
    const hidden = model.layers[0]!.weights.values;
    const bound = Math.sqrt(6 / 50);
    expect(Math.max(...hidden.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...hidden.map(Math.abs))).toBeGreaterThan(0.9 * bound);
    expect(model.layers[0]!.biases.values.every((b) => b === 0)).toBe(true);
  });
});
