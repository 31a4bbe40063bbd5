import type { Estimate } from "../protocol/run-events.js";

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
const plain = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3));

function withInterval(e: Estimate, format: (v: number) => string): string {
  const { value, low, high } = e;
  // No finished episode: NaN in a live summary, null in one read back from summary.json.
  if (value === null || low === null || high === null || Number.isNaN(value)) return "–";
  return `${format(value)} [${format(low)}, ${format(high)}]`;
}

/** A rate with its 95% interval, "23.0% [17.7%, 29.3%]"; "–" when no episode finished. */
export const formatRate = (e: Estimate) => withInterval(e, percent);
/** A mean with its 95% interval, "0.754 [0.700, 0.809]"; "–" when no episode finished. */
export const formatMean = (e: Estimate) => withInterval(e, plain);

/** A difference in percentage points with its interval, "+72.5 pts [+65.1, +78.2]". */
export function formatPoints(e: Estimate): string {
  const f = (v: number | null) => (v === null ? "–" : `${v >= 0 ? "+" : ""}${(100 * v).toFixed(1)}`);
  return `${f(e.value)} pts [${f(e.low)}, ${f(e.high)}]`;
}

/** A signed difference with its interval, "+1.374 [+1.252, +1.496]". */
export function formatSigned(e: Estimate): string {
  const f = (v: number | null) => (v === null ? "–" : `${v >= 0 ? "+" : ""}${v.toFixed(3)}`);
  return `${f(e.value)} [${f(e.low)}, ${f(e.high)}]`;
}
