import { describe, expect, it } from "vitest";
import { scoreBars } from "./score-bars.js";

describe("the candidate chart's bars", () => {
  it("draw no bar for a score that is not finite (a live log-probability of -Infinity, a NaN), and leave it out of the axis", () => {
    const { bars, ticks, domain, low, high } = scoreBars([1, -Infinity, 2, Number.NaN, Infinity], 90);
    expect([low, high]).toEqual([1, 2]);
    expect(domain.every(Number.isFinite)).toBe(true);
    for (const { y, height } of bars) expect(Number.isFinite(y) && Number.isFinite(height)).toBe(true);
    for (const { value, y } of ticks) expect(Number.isFinite(value) && Number.isFinite(y)).toBe(true);
    expect([bars[1]!.height, bars[3]!.height, bars[4]!.height]).toEqual([0, 0, 0]);
    expect(bars[2]!.height).toBeGreaterThan(bars[0]!.height);
  });

  it("start at zero while the scores' spread is a fair part of them: a score twice another's has a bar twice as long", () => {
    const { fromZero, baseY, bars, domain } = scoreBars([0.7189, 0.7246, 1.4378], 90);
    expect(fromZero).toBe(true);
    expect(domain[0]).toBe(0);
    expect(bars[2]!.height / bars[0]!.height).toBeCloseTo(2, 6);
    for (const bar of bars) expect(bar.y + bar.height).toBeCloseTo(baseY, 6);
  });

  it("span only the scores where they differ in the second decimal, from a round value below the lowest, so Q 0.79 to 0.82 look different", () => {
    const { fromZero, domain, ticks, bars } = scoreBars([0.79, 0.8, 0.82], 90);
    expect(fromZero).toBe(false);
    expect(domain).toEqual([0.78, 0.82]);
    expect(ticks.map((tick) => tick.value)).toEqual([0.78, 0.79, 0.8, 0.81, 0.82]);
    // The lowest candidate keeps a bar; the highest is four times its length, as 0.82 is 4 steps above 0.78 and 0.79 one.
    expect(bars[0]!.height).toBeCloseTo(22.5, 6);
    expect(bars[2]!.height).toBeCloseTo(90, 6);
    expect(bars.every((bar) => bar.y + bar.height === 90)).toBe(true);
  });

  it("puts round ticks on the axis, three to five of them, the first at its low end and the last at its top", () => {
    for (const values of [[0.9547, 0.9966], [0.79, 0.82], [1, -2, 0], [0.7189, 1.4378], [-10.2, -10.1], [120, 3400]]) {
      const { ticks, domain } = scoreBars(values, 90);
      expect(ticks.length, String(values)).toBeGreaterThanOrEqual(3);
      expect(ticks.length, String(values)).toBeLessThanOrEqual(6);
      expect([ticks[0]!.value, ticks.at(-1)!.value]).toEqual(domain);
      expect([ticks[0]!.y, ticks.at(-1)!.y]).toEqual([90, 0]);
      expect(domain[0]).toBeLessThanOrEqual(Math.min(...values));
      expect(domain[1]).toBeGreaterThanOrEqual(Math.max(...values));
    }
  });

  it("hang negative scores below a zero line between the highest and the lowest", () => {
    const { fromZero, baseY, bars, ticks } = scoreBars([1, -2, 0], 90);
    expect(fromZero).toBe(true);
    expect(ticks.find((tick) => tick.value === 0)!.y).toBeCloseTo(baseY, 6);
    expect(bars[0]!.y + bars[0]!.height).toBeCloseTo(baseY, 6);
    expect(bars[1]!.y).toBeCloseTo(baseY, 6);
    expect(bars[1]!.height / bars[0]!.height).toBeCloseTo(2, 6);
    expect(bars[2]!.height).toBe(0);
  });

  it("draws all-negative scores down from zero at the top, and no bars for all zeros", () => {
    const negative = scoreBars([-1, -0.5], 90);
    expect(negative.baseY).toBe(0);
    expect(negative.bars[0]!.height / negative.bars[1]!.height).toBeCloseTo(2, 6);
    expect(scoreBars([0, 0], 90).bars.every((bar) => bar.height === 0)).toBe(true);
  });
});

describe("the candidate chart's bars for scores equal but for rounding", () => {
  it("draw equal bars from zero, every coordinate finite (a spread of 1e-17 made an axis of no height: bars of Infinity)", () => {
    const { bars, ticks, fromZero } = scoreBars([0.1, 0.1 + 2 ** -56, 0.30000000000000004 - 0.2], 90);
    expect(fromZero).toBe(true);
    for (const { y, height } of bars) expect(Number.isFinite(y) && Number.isFinite(height)).toBe(true);
    for (const { value, y } of ticks) expect(Number.isFinite(value) && Number.isFinite(y)).toBe(true);
    expect(bars[1]!.height).toBeCloseTo(bars[0]!.height, 6);
  });
});
