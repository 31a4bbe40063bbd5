import { describe, expect, it } from "vitest";
import { Rng } from "./rng.js";
import { breach, type StructuredSpace } from "./structured-space.js";
import { drawUniform, modeOfUniform, uniformLogp } from "./uniform-space.js";

const space: StructuredSpace = {
  type: "Dict",
  spaces: [
    ["dice", { type: "MultiDiscrete", shape: [2], nvec: [2, 3], start: [0, -1] }],
    ["force", { type: "Box", shape: [2], low: [-1, null], high: [1, null], dtype: "float32" }],
    ["pair", { type: "Tuple", spaces: [{ type: "Discrete", n: 2, start: 5 }, { type: "MultiBinary", shape: [2] }] }],
  ],
};

describe("uniform draws from a structured space", () => {
  it("draws only values of the space, reaching every discrete value, and the same ones for the same seed", () => {
    const rng = Rng.fromSeed(7);
    const draws = Array.from({ length: 300 }, () => drawUniform(space, rng));
    for (const value of draws) expect(breach(space, value)).toBeUndefined();
    const dice = draws.map((d) => JSON.stringify((d as { dice: number[] }).dice));
    expect(new Set(dice).size).toBe(6);
    const force = draws.map((d) => (d as { force: number[] }).force);
    expect(force.every(([bounded]) => bounded! >= -1 && bounded! < 1)).toBe(true);
    expect(force.some(([, free]) => free! < -1) && force.some(([, free]) => free! > 1)).toBe(true);
    const again = Rng.fromSeed(7);
    expect(Array.from({ length: 300 }, () => drawUniform(space, again))).toEqual(draws);
  });

  it("takes the first discrete values and the box density's mode as its most likely action", () => {
    expect(modeOfUniform(space)).toEqual({ dice: [0, -1], force: [0, 0], pair: [5, [0, 0]] });
  });

  it("gives every discrete combination the same log-probability", () => {
    const logp = uniformLogp(space, { dice: [1, 1], force: [0.5, 0], pair: [6, [1, 0]] });
    const expected = -Math.log(6) - Math.log(2) - 0.5 * Math.log(2 * Math.PI) - Math.log(2) - 2 * Math.log(2);
    expect(logp).toBeCloseTo(expected, 12);
    expect(uniformLogp(space, { dice: [0, -1], force: [-0.9, 0], pair: [5, [1, 1]] })).toBeCloseTo(expected, 12);
  });
});
