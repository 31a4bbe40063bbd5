import { describe, expect, it } from "vitest";
import type { EpisodeResult } from "../../protocol/index.js";
import { alignedData, episodeCurves, returnWindow } from "./curves.js";

const episode = (n: number, fields: Partial<EpisodeResult> = {}): EpisodeResult => ({
  episode: n,
  status: "completed",
  steps: 10,
  envSteps: 10,
  return: 1,
  success: true,
  terminated: true,
  truncated: false,
  ms: 1,
  ...fields,
});

describe("episode curves", () => {
  it("leaves an episode whose return is not finite (null in a trace) out of the Return curve, and counts it", () => {
    const curves = episodeCurves([episode(0, { return: 2 }), episode(1, { return: null }), episode(2, { return: -1 }), episode(3, { return: null })]);
    expect(curves.returns).toEqual({ episodes: [0, 2], values: [2, -1] });
    expect(curves.notFiniteReturns).toBe(2);
    // Its length and success still count.
    expect(curves.length.episodes).toEqual([0, 1, 2, 3]);
  });

  it("puts each point at its episode's own number, failed episodes left out", () => {
    const curves = episodeCurves([episode(0), episode(1, { status: "error" }), episode(2), episode(3, { status: "stopped" }), episode(4)]);
    expect(curves.success.episodes).toEqual([0, 2, 4]);
    expect(alignedData([curves.length])[0]).toEqual([0, 2, 4]);
  });

  it("draws a long run's returns as a moving mean of one in twenty episodes, 500 at 10,000", () => {
    expect(returnWindow(100)).toBe(1);
    expect(returnWindow(10_000)).toBe(500);
    const returns = Array.from({ length: 10_000 }, (_, i) => episode(i, { return: i % 2 }));
    const curves = episodeCurves(returns);
    expect(curves.returnWindow).toBe(500);
    expect(curves.meanReturn.values[0]).toBe(0);
    expect(curves.meanReturn.values[9_999]).toBeCloseTo(0.5);
  });

  it("gives the success rate's moving average a 95% Wilson band", () => {
    const curves = episodeCurves(Array.from({ length: 20 }, (_, i) => episode(i, { success: i < 10 })));
    expect(curves.success.values[19]).toBe(0.5);
    expect(curves.success.low[19]).toBeCloseTo(0.299, 3);
    expect(curves.success.high[19]).toBeCloseTo(0.701, 3);
  });

  it("aligns lines of different episodes on the episodes any has, null where one has none", () => {
    expect(alignedData([{ episodes: [0, 2], values: [1, 3] }, { episodes: [1, 2], values: [5, 6] }])).toEqual([
      [0, 1, 2],
      [1, null, 3],
      [null, 5, 6],
    ]);
  });
});
