import { describe, expect, it } from "vitest";
import { comparisonVerdict, type Comparison } from "./compare.js";
import { proportionDifference, wilsonInterval } from "../protocol/stats.js";

/** The parts of a comparison the verdict reads, for `successes` of `trials` in each run. */
function comparison(a: number, b: number, trials: number): Comparison {
  const summary = (successes: number) => ({ successRate: wilsonInterval(successes, trials) });
  const difference = proportionDifference({ successes: a, trials }, { successes: b, trials });
  return { a: summary(a), b: summary(b), difference: { successRate: difference } } as unknown as Comparison;
}

describe("comparisonVerdict", () => {
  it("reads B − A's interval, not whether the two runs' intervals overlap", () => {
    // 1 of 5 against 5 of 5: [3.6%, 62.4%] and [56.6%, 100%] overlap, yet B − A's interval lies above 0.
    const c = comparison(1, 5, 5);
    expect(wilsonInterval(5, 5).low).toBeLessThan(wilsonInterval(1, 5).high);
    expect(c.difference.successRate.low).toBeGreaterThan(0);
    expect(comparisonVerdict(c, "A", "B")).toBe("the interval of the success-rate difference excludes 0: B succeeds more often");
    expect(comparisonVerdict(comparison(5, 1, 5), "A", "B")).toBe("the interval of the success-rate difference excludes 0: A succeeds more often");
  });

  it("finds no clear difference where B − A's interval includes 0", () => {
    expect(comparisonVerdict(comparison(2, 3, 5), "A", "B")).toBe("the interval of the success-rate difference includes 0: no clear difference at this number of episodes");
  });
});
