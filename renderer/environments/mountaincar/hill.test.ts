import { describe, expect, it } from "vitest";
import { carOf, hillHeight, pushOf } from "./hill.js";

describe("the MountainCar view", () => {
  it("draws Gymnasium's hill: lowest at x = −π/6, highest at π/6", () => {
    expect(hillHeight(-Math.PI / 6)).toBeCloseTo(0.1, 12);
    expect(hillHeight(Math.PI / 6)).toBeCloseTo(1.0, 12);
  });

  it("reads the car from [position, velocity] and nothing from other shapes", () => {
    expect(carOf([-0.5, 0.01])).toEqual({ x: -0.5, v: 0.01 });
    expect(carOf([-0.5, 0.01, 0])).toBeNull();
  });

  it("reads discrete pushes 0 / 1 / 2 as left, none, right and a force [u] by its value", () => {
    expect([0, 1, 2].map((action) => pushOf(action))).toEqual([
      { strength: -1, name: "push left" },
      { strength: 0, name: "no push" },
      { strength: 1, name: "push right" },
    ]);
    expect(pushOf([0.25])).toEqual({ strength: 0.25, name: "force 0.25" });
    expect(pushOf([3])!.strength).toBe(1);
    expect(pushOf(3)).toBeNull();
  });
});
