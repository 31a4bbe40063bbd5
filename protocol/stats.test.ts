import { describe, expect, it } from "vitest";
import { meanInterval, proportionDifference, wilsonInterval } from "./stats.js";

describe("statistics", () => {
  it("matches published Wilson intervals", () => {
    // Newcombe (1998), example: 81/263 → 0.2553 to 0.3662.
    const w = wilsonInterval(81, 263);
    expect(w.low).toBeCloseTo(0.2553, 3);
    expect(w.high).toBeCloseTo(0.3662, 3);
    expect(wilsonInterval(0, 10).low).toBe(0);
    // All successes: the interval ends at 1 exactly (floating point gave 0.9999999999999999 for 10 of 10).
    expect(wilsonInterval(10, 10)).toEqual({ value: 1, low: expect.closeTo(0.7225, 4), high: 1 });
  });

  it("matches Newcombe's hybrid interval for a difference of proportions", () => {
    // Newcombe (1998) table II, example (a): 56/70 − 48/80 → 0.0524 to 0.3339.
    const d = proportionDifference({ successes: 48, trials: 80 }, { successes: 56, trials: 70 });
    expect(d.value).toBeCloseTo(0.2, 6);
    expect(d.low).toBeCloseTo(0.0524, 3);
    expect(d.high).toBeCloseTo(0.3339, 3);
  });

  it("gives the mean with a normal interval", () => {
    const m = meanInterval([1, 2, 3, 4]);
    expect(m.value).toBe(2.5);
    expect(m.high - m.value).toBeCloseTo(1.959964 * Math.sqrt(1.6667 / 4), 3);
  });
});
