import { describe, expect, it } from "vitest";
import { formatMean, formatMeanLength, formatSigned, sharedDecimals } from "./format-estimate.js";
import { chartsSuccessRate, type SweepPointResult, type SweepRecord } from "./sweeps.js";

const estimate = (value: number, low: number, high: number) => ({ value, low, high });

describe("an estimate as the tables show it", () => {
  it("gives the estimate and its interval one precision, four significant digits of the largest", () => {
    expect(formatMean(estimate(-180.0, -300.3, -59.629))).toBe("-180.0 [-300.3, -59.6]");
    expect(formatMean(estimate(44.085, 40.829, 47.341))).toBe("44.09 [40.83, 47.34]");
    expect(formatMean(estimate(1234.5, 1100.2, 1368.8))).toBe("1235 [1100, 1369]");
  });

  it("keeps three decimals for figures below ten", () => {
    expect(formatMean(estimate(0.754, 0.7, 0.809))).toBe("0.754 [0.700, 0.809]");
    expect(formatSigned(estimate(1.374, 1.252, 1.496))).toBe("+1.374 [+1.252, +1.496]");
  });

  it("shows a narrow interval with two digits of its width, so its ends differ", () => {
    expect(formatMean(estimate(1000.5, 1000.1, 1000.9))).toBe("1000.50 [1000.10, 1000.90]");
    expect(formatMean(estimate(200, 200, 200))).toBe("200.0 [200.0, 200.0]");
  });

  it("gives the estimates of one row (A, B and B − A) one precision, so they compare", () => {
    const [a, b] = [estimate(44.085, 40.829, 47.341), estimate(114.1, 109.8, 118.5)];
    const difference = estimate(70.015, 64.2, 75.8);
    const decimals = sharedDecimals(a, b, difference);
    expect([formatMean(a, decimals), formatMean(b, decimals), formatSigned(difference, decimals)]).toEqual(["44.1 [40.8, 47.3]", "114.1 [109.8, 118.5]", "+70.0 [+64.2, +75.8]"]);
  });

  it("leaves out what has no value", () => {
    const none = { value: null, low: null, high: null };
    expect(sharedDecimals(none, undefined, estimate(5.5, 5, 6))).toBe(3);
    expect(formatMean(none)).toBe("–");
    expect(formatSigned({ value: 2.5, low: null, high: null })).toBe("+2.500 [–, –]");
    expect(formatMeanLength(none)).toBe("–");
    expect(formatMeanLength(estimate(38.44, 30, 46))).toBe("38.4");
  });
});

describe("what a sweep is charted by", () => {
  const none = { value: null, low: null, high: null };
  const sweep = (...successRates: SweepPointResult["successRate"][]) =>
    ({ points: successRates.map((successRate) => ({ successRate })) }) as unknown as SweepRecord;

  it("charts the success rate where any setting's world reports it, and mean return where none does", () => {
    expect(chartsSuccessRate(sweep(none, estimate(0.5, 0.4, 0.6)))).toBe(true);
    expect(chartsSuccessRate(sweep(none, none))).toBe(false);
  });
});
