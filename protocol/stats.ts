/** A point estimate with a 95% confidence interval. */
export interface Estimate {
  value: number;
  low: number;
  high: number;
}

const Z95 = 1.959963984540054;

/** Wilson score interval for a proportion: honest near 0 and 1, unlike the normal approximation. */
export function wilsonInterval(successes: number, trials: number): Estimate {
  if (trials === 0) return { value: NaN, low: NaN, high: NaN };
  const p = successes / trials;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (Z95 / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // At p = 0 or 1 the interval ends at p exactly; floating point leaves 0.9999999999999999 in summary.json.
  return { value: p, low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === trials ? 1 : Math.min(1, centre + half) };
}

/** Difference of two proportions (B − A) with Newcombe's hybrid score interval (method 10). */
export function proportionDifference(a: { successes: number; trials: number }, b: { successes: number; trials: number }): Estimate {
  const ia = wilsonInterval(a.successes, a.trials);
  const ib = wilsonInterval(b.successes, b.trials);
  const d = ib.value - ia.value;
  return {
    value: d,
    low: d - Math.sqrt((ib.value - ib.low) ** 2 + (ia.high - ia.value) ** 2),
    high: d + Math.sqrt((ib.high - ib.value) ** 2 + (ia.value - ia.low) ** 2),
  };
}

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, variance };
}

/** Mean with a normal-approximation 95% interval (fine for the hundreds of episodes runs use). */
export function meanInterval(values: readonly number[]): Estimate {
  if (values.length === 0) return { value: NaN, low: NaN, high: NaN };
  const { mean, variance } = meanAndVariance(values);
  const half = Z95 * Math.sqrt(variance / values.length);
  return { value: mean, low: mean - half, high: mean + half };
}

/** Difference of means (B − A) with Welch's normal-approximation interval. */
export function meanDifference(a: readonly number[], b: readonly number[]): Estimate {
  const ma = meanAndVariance(a);
  const mb = meanAndVariance(b);
  const d = mb.mean - ma.mean;
  const half = Z95 * Math.sqrt(ma.variance / a.length + mb.variance / b.length);
  return { value: d, low: d - half, high: d + half };
}

/** The mean of the last `window` values after each (fewer at the start): a curve's moving average. */
export function movingMean(values: readonly number[], window: number): number[] {
  let sum = 0;
  return values.map((value, i) => {
    sum += value;
    if (i >= window) sum -= values[i - window]!;
    return sum / Math.min(i + 1, window);
  });
}
