import { describe, expect, it } from "vitest";
import { Rng } from "../runtime/rng.js";
import { crossEntropyLoss, squaredErrorLoss } from "./batch-losses.js";
import { fit } from "./fit.js";
import { takenActionMask } from "./losses.js";
import { Mlp } from "./mlp.js";

/** y = sin(x0) + 0.5·x1 with x0 ∈ [-π, π), x1 ∈ [-1, 1). */
function sineData(rows: number, seed: number): { inputs: Float32Array; targets: Float32Array } {
  const rng = Rng.fromSeed(seed);
  const inputs = new Float32Array(rows * 2);
  const targets = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const x0 = (2 * rng.float() - 1) * Math.PI;
    const x1 = 2 * rng.float() - 1;
    inputs.set([x0, x1], r * 2);
    targets[r] = Math.sin(x0) + 0.5 * x1;
  }
  return { inputs, targets };
}

/** Three unit-variance Gaussian blobs whose centres sit 5.2 apart. */
function blobs(rows: number, seed: number): { inputs: Float32Array; labels: Int32Array } {
  const centres = [
    [0, 3],
    [-2.6, -1.5],
    [2.6, -1.5],
  ];
  const rng = Rng.fromSeed(seed);
  const inputs = new Float32Array(rows * 2);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const label = rng.int(3);
    const [cx, cy] = centres[label]!;
    labels[r] = label;
    inputs.set([cx! + rng.normal(), cy! + rng.normal()], r * 2);
  }
  return { inputs, labels };
}

function argmaxRows(outputs: Float32Array, classes: number): number[] {
  return Array.from({ length: outputs.length / classes }, (_, r) => {
    const row = outputs.subarray(r * classes, (r + 1) * classes);
    return row.indexOf(Math.max(...row));
  });
}

function weightBytes(model: Mlp): Buffer {
  return Buffer.concat(model.parameterBlocks().map((block) => Buffer.from(block.values.buffer)));
}

describe("fit", () => {
  it("learns y = sin(x0) + 0.5·x1 to a validation MSE under 0.01", async () => {
    const { inputs, targets } = sineData(2000, 1);
    const model = Mlp.create([2, 64, 64, 1], Rng.fromSeed(1));
    const epochs: number[] = [];
    const result = await fit({ model, inputs, targets, batchSize: 32, epochs: 40, lr: 3e-3, seed: 1, validationFraction: 0.2, onEpoch: (epoch) => epochs.push(epoch) });
    expect(epochs).toEqual(Array.from({ length: 40 }, (_, k) => k + 1));
    expect(result.validationLoss).toBeLessThan(0.01);
    expect(result.trainLoss).toBeLessThan(0.01);
  });

  it("separates three blobs with cross-entropy to over 95% accuracy on fresh points", async () => {
    const train = blobs(1500, 2);
    const model = Mlp.create([2, 32, 3], Rng.fromSeed(2));
    await fit({ model, inputs: train.inputs, loss: crossEntropyLoss(train.labels, 3), batchSize: 32, epochs: 20, lr: 1e-2, seed: 2, validationFraction: 0.2 });
    const test = blobs(1000, 3);
    const predicted = argmaxRows(model.forward(test.inputs, 1000), 3);
    const correct = predicted.filter((label, r) => label === test.labels[r]).length;
    expect(correct / 1000).toBeGreaterThan(0.95);
  });

  it("moves only the masked column's predictions when the net is linear", async () => {
    const { inputs, targets } = sineData(500, 4);
    const model = Mlp.create([2, 3], Rng.fromSeed(4));
    const wide = new Float32Array(500 * 3);
    targets.forEach((y, r) => wide.fill(y, r * 3, r * 3 + 3));
    const mask = takenActionMask(new Int32Array(500).fill(1), 3);
    const before = model.forward(inputs, 500);
    await fit({ model, inputs, loss: squaredErrorLoss(wide, 3, mask), batchSize: 50, epochs: 5, lr: 1e-2, seed: 4 });
    const after = model.forward(inputs, 500);
    let moved = 0;
    for (let r = 0; r < 500; r++) {
      expect(after[r * 3]).toBe(before[r * 3]);
      expect(after[r * 3 + 2]).toBe(before[r * 3 + 2]);
      moved += Math.abs(after[r * 3 + 1]! - before[r * 3 + 1]!);
    }
    expect(moved / 500).toBeGreaterThan(0.01);
  });

  it("fits each row's taken action and ignores the other columns' targets", async () => {
    const { inputs, targets } = sineData(2000, 5);
    const rng = Rng.fromSeed(5);
    const actions = Int32Array.from({ length: 2000 }, () => rng.int(3));
    // Q targets exist only for the action taken; the rest are junk that masking must keep out.
    const q = new Float32Array(2000 * 3).fill(1000);
    actions.forEach((action, r) => (q[r * 3 + action] = targets[r]! + action));
    const model = Mlp.create([2, 64, 3], Rng.fromSeed(5));
    const result = await fit({ model, inputs, loss: squaredErrorLoss(q, 3, takenActionMask(actions, 3)), batchSize: 32, epochs: 30, lr: 3e-3, seed: 5, validationFraction: 0.2 });
    expect(result.validationLoss).toBeLessThan(0.02);
    const outputs = model.forward(inputs, 2000);
    expect(Math.max(...outputs.map(Math.abs))).toBeLessThan(10);
  });

  it("gives bit-identical weights for the same seed and different ones for another", async () => {
    const { inputs, targets } = sineData(300, 6);
    const trained = async (initSeed: number, fitSeed: number) => {
      const model = Mlp.create([2, 16, 16, 1], Rng.fromSeed(initSeed));
      await fit({ model, inputs, targets, batchSize: 16, epochs: 3, lr: 1e-2, seed: fitSeed, validationFraction: 0.1 });
      return weightBytes(model);
    };
    const reference = await trained(7, 7);
    expect((await trained(7, 7)).equals(reference)).toBe(true);
    expect((await trained(8, 8)).equals(reference)).toBe(false);
    expect((await trained(7, 8)).equals(reference)).toBe(false);
  });

  it("holds out the validation rows from training", async () => {
    const { inputs, targets } = sineData(100, 9);
    const model = Mlp.create([2, 4, 1], Rng.fromSeed(9));
    const loss = squaredErrorLoss(targets, 1);
    const calls: number[][] = [];
    await fit({ model, inputs, loss: (predictions, rows) => (calls.push(Array.from(rows)), loss(predictions, rows)), batchSize: 10, epochs: 1, lr: 1e-3, seed: 9, validationFraction: 0.3 });
    // Seven training batches of 10, then one validation pass over the 30 held-out rows.
    expect(calls.map((rows) => rows.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 30]);
    const trained = new Set(calls.slice(0, 7).flat());
    const heldOut = calls[7]!;
    expect(trained.size).toBe(70);
    expect(heldOut.filter((row) => trained.has(row))).toEqual([]);
  });

  it("refuses targets that do not match the rows", async () => {
    const model = Mlp.create([2, 1], Rng.fromSeed(10));
    await expect(fit({ model, inputs: new Float32Array(8), targets: new Float32Array(3), batchSize: 2, epochs: 1, lr: 1e-3, seed: 1 })).rejects.toThrow(/4 rows of 1 outputs need 4/);
  });
});
