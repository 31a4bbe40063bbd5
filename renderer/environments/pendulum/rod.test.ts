import { describe, expect, it } from "vitest";
import { pointAt, rodOf, torqueArc, torqueOf } from "./rod.js";

describe("the pendulum view's geometry", () => {
  it("reads θ from [cos θ, sin θ, θ̇] and nothing from other shapes", () => {
    const rod = rodOf([Math.cos(0.5), Math.sin(0.5), -1.25]);
    expect(rod!.theta).toBeCloseTo(0.5, 12);
    expect(rod!.thetaDot).toBe(-1.25);
    expect(rodOf([-1, 0, 0])!.theta).toBeCloseTo(Math.PI, 12);
    expect(rodOf([1, 0])).toBeNull();
    expect(rodOf({ theta: 1 })).toBeNull();
    expect(torqueOf([-1.5])).toBe(-1.5);
    expect(torqueOf(0.25)).toBe(0.25);
    expect(torqueOf([1, 2])).toBeNull();
  });

  it("points up at θ = 0, left at θ = π/2 (counterclockwise) and down when hanging", () => {
    const near = (p: [number, number], q: [number, number]) => p.forEach((v, i) => expect(v).toBeCloseTo(q[i]!, 9));
    near(pointAt(0, 10), [0, -10]);
    near(pointAt(Math.PI / 2, 10), [-10, 0]);
    near(pointAt(Math.PI, 10), [0, 10]);
  });

  it("draws a torque's arc counterclockwise when positive, clockwise when negative, and none for zero", () => {
    expect(torqueArc(2, 2, 10)).toMatch(/^M 0 -10 A 10 10 0 0 0 -5\.00 8\.66$/);
    expect(torqueArc(-1, 2, 10)).toMatch(/^M 0 -10 A 10 10 0 0 1 [\d.]+ -[\d.]+$/);
    expect(torqueArc(0, 2, 10)).toBe("");
    // Beyond the bound the arc stops at full strength.
    expect(torqueArc(5, 2, 10)).toBe(torqueArc(2, 2, 10));
  });
});
