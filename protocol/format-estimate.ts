import type { Estimate } from "./run-events.js";

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Past three decimals a mean of episodes' returns or lengths says nothing more (and the old tables showed three). */
const MAX_DECIMALS = 3;

/**
 * Decimals that give the figures read together — an estimate and its interval, or the estimates of
 * one table row (A, B and B − A) — one precision, so they line up and compare: four significant
 * digits of the largest, more where an interval is narrow (two digits of its width), at most three.
 * Chosen per number, "-180.0 [-300.3, -59.629]" put three precisions in one cell.
 */
export function sharedDecimals(...estimates: (Estimate | undefined)[]): number {
  const known = estimates.filter((e): e is Estimate => e !== undefined);
  const numbers = known.flatMap((e) => [e.value, e.low, e.high]).filter((v): v is number => v !== null && Number.isFinite(v));
  const largest = Math.max(0, ...numbers.map(Math.abs));
  const widths = known.map((e) => (e.high ?? NaN) - (e.low ?? NaN)).filter((w) => Number.isFinite(w) && w > 0);
  const forLargest = largest > 0 ? 3 - Math.floor(Math.log10(largest)) : MAX_DECIMALS;
  const forWidth = widths.length > 0 ? 1 - Math.floor(Math.log10(Math.min(...widths))) : 0;
  return Math.min(MAX_DECIMALS, Math.max(0, forLargest, forWidth));
}

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
/** A mean with its 95% interval, "0.754 [0.700, 0.809]", "-180.0 [-300.3, -59.6]" (sharedDecimals); "–" where there is none. */
export const formatMean = (e: Estimate, decimals = sharedDecimals(e)) => withInterval(e, (v) => v.toFixed(decimals));

/** A mean episode length without its interval, to a tenth of a step ("38.4"); "–" where there is none. */
export const formatMeanLength = (e: Estimate) => (isKnown(e) ? e.value!.toFixed(1) : "–");

/** A signed figure, or "–" where there is none. */
const signed = (v: number | null, digits: (v: number) => string) => (v === null || !Number.isFinite(v) ? "–" : `${v >= 0 ? "+" : ""}${digits(v)}`);

/** A difference in percentage points with its interval, "+72.5 pts [+65.1, +78.2]"; "–" where there is none. */
export function formatPoints(e: Estimate): string {
  const f = (v: number | null) => signed(v, (x) => (100 * x).toFixed(1));
  return Number.isFinite(e.value) ? `${f(e.value)} pts [${f(e.low)}, ${f(e.high)}]` : "–";
}

/** A signed difference with its interval, "+1.374 [+1.252, +1.496]" (sharedDecimals); "–" where there is none. */
export function formatSigned(e: Estimate, decimals = sharedDecimals(e)): string {
  const f = (v: number | null) => signed(v, (x) => x.toFixed(decimals));
  return Number.isFinite(e.value) ? `${f(e.value)} [${f(e.low)}, ${f(e.high)}]` : "–";
}
