import type { Estimate } from "../protocol/run-events.js";

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
const plain = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3));

/**
 * Whether an estimate has a value: none (NaN in a live summary, null in one read back from
 * summary.json) where no episode finished, or for a success rate where the world says nothing of success.
 */
export const isKnown = (e: Estimate): boolean => Number.isFinite(e.value) && Number.isFinite(e.low) && Number.isFinite(e.high);

function withInterval(e: Estimate, format: (v: number) => string): string {
  return isKnown(e) ? `${format(e.value!)} [${format(e.low!)}, ${format(e.high!)}]` : "–";
}

/** A rate with its 95% interval, "23.0% [17.7%, 29.3%]"; "–" where there is none (isKnown). */
export const formatRate = (e: Estimate) => withInterval(e, percent);
/** A run's success rate as formatRate gives it; where episodes finished but their world says nothing of success, says so. */
export const formatSuccessRate = (summary: { successRate: Estimate; episodes: number }) =>
  summary.episodes > 0 && !isKnown(summary.successRate) ? "– (the world reports none)" : formatRate(summary.successRate);
/** A mean with its 95% interval, "0.754 [0.700, 0.809]"; "–" where there is none. */
export const formatMean = (e: Estimate) => withInterval(e, plain);

/** A signed figure, or "–" where there is none. */
const signed = (v: number | null, digits: (v: number) => string) => (v === null || !Number.isFinite(v) ? "–" : `${v >= 0 ? "+" : ""}${digits(v)}`);

/** A difference in percentage points with its interval, "+72.5 pts [+65.1, +78.2]"; "–" where there is none. */
export function formatPoints(e: Estimate): string {
  const f = (v: number | null) => signed(v, (x) => (100 * x).toFixed(1));
  return Number.isFinite(e.value) ? `${f(e.value)} pts [${f(e.low)}, ${f(e.high)}]` : "–";
}

/** A signed difference with its interval, "+1.374 [+1.252, +1.496]"; "–" where there is none. */
export function formatSigned(e: Estimate): string {
  const f = (v: number | null) => signed(v, (x) => x.toFixed(3));
  return Number.isFinite(e.value) ? `${f(e.value)} [${f(e.low)}, ${f(e.high)}]` : "–";
}
