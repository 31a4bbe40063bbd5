import { describe, expect, it } from "vitest";
import { meanSquaredError, softmaxCrossEntropy, takenActionMask } from "./losses.js";

describe("meanSquaredError", () => {
  it("averages over every entry without a mask", () => {
    const { loss, dOutput } = meanSquaredError(Float32Array.from([1, 2, 3, 4]), Float32Array.from([0, 2, 3, 6]));
    expect(loss).toBe((1 + 4) / 4);
    expect(Array.from(dOutput)).toEqual([0.5, 0, 0, -1]);
  });

  it("averages over the masked entries only and gives the rest zero gradient", () => {
    const mask = takenActionMask([2, 0], 3);
    expect(Array.from(mask)).toEqual([0, 0, 1, 1, 0, 0]);
    const { loss, dOutput } = meanSquaredError(Float32Array.from([9, 9, 1, 3, 9, 9]), Float32Array.from([0, 0, 2, 1, 0, 0]), mask);
    expect(loss).toBe((1 + 4) / 2);
    expect(Array.from(dOutput)).toEqual([0, 0, -1, 2, 0, 0]);
  });

  it("scores a batch with nothing masked in as zero", () => {
    const { loss, dOutput } = meanSquaredError(Float32Array.from([1, 2]), Float32Array.from([3, 4]), new Float32Array(2));
    expect(loss).toBe(0);
    expect(Array.from(dOutput)).toEqual([0, 0]);
  });

  it("refuses an action outside the action count", () => {
    expect(() => takenActionMask([0, 3], 3)).toThrow(/row 1 took action 3/);
  });
});

describe("softmaxCrossEntropy", () => {
  it("is log(classes) for equal logits, with gradient (p - onehot) / rows", () => {
    const { loss, dOutput } = softmaxCrossEntropy(new Float32Array(8), [1, 3], 4);
    expect(loss).toBeCloseTo(Math.log(4), 12);
    expect(Array.from(dOutput)).toEqual([0.125, -0.375, 0.125, 0.125, 0.125, 0.125, 0.125, -0.375].map((g) => Math.fround(g)));
  });

  it("stays finite for huge logits", () => {
    const { loss, dOutput } = softmaxCrossEntropy(Float32Array.from([1e30, 0, -1e30]), [1], 3);
    expect(loss).toBeCloseTo(1e30, -25);
    expect(Array.from(dOutput)).toEqual([1, -1, 0]);
  });

  it("refuses a target that is not a class", () => {
    expect(() => softmaxCrossEntropy(new Float32Array(4), [0, 2], 2)).toThrow(/row 1 has target 2/);
  });
});
