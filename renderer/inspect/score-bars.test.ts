import { describe, expect, it } from "vitest";
import { scoreBars } from "./score-bars.js";

describe("the candidate chart's bars", () => {
  it("start at zero: a score twice another's has a bar twice as long, and the lowest candidate has one", () => {
    const { zeroY, bars } = scoreBars([0.7189, 0.7246, 1.4378], 90);
    expect(zeroY).toBe(90);
    expect(bars[0]!.height).toBeCloseTo(45, 6);
    expect(bars[2]!.height).toBeCloseTo(90, 6);
    for (const bar of bars) expect(bar.y + bar.height).toBeCloseTo(90, 6);
  });

  it("hang negative scores below a zero line between the highest and the lowest", () => {
    const { zeroY, bars } = scoreBars([1, -2, 0], 90);
    expect(zeroY).toBeCloseTo(30, 6);
    expect(bars[0]).toEqual({ y: 0, height: 30 });
    expect(bars[1]!.y).toBeCloseTo(30, 6);
    expect(bars[1]!.height).toBeCloseTo(60, 6);
    expect(bars[2]!.height).toBe(0);
  });

  it("draws all-negative scores down from a zero line at the top, and no bars for all zeros", () => {
    expect(scoreBars([-1, -0.5], 90)).toEqual({ zeroY: 0, bars: [{ y: 0, height: 90 }, { y: 0, height: 45 }] });
    expect(scoreBars([0, 0], 90).bars.every((bar) => bar.height === 0)).toBe(true);
  });
});
