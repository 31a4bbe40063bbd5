/** Where a bar chart of `values` draws its axis, its ticks and each bar, in an SVG `height` pixels tall. */
export interface ScoreBars {
  /** The axis's lowest and highest values: zero among them, or (`fromZero` false) a span around the scores only. */
  domain: [number, number];
  /** Whether the bars start at zero (their length is the score) rather than at the axis's low end. */
  fromZero: boolean;
  /** The line the bars start from: zero's y, or the bottom. */
  baseY: number;
  /** Round values on the axis (steps of 1, 2 or 5 times a power of ten), with their y. */
  ticks: { value: number; y: number }[];
  bars: { y: number; height: number }[];
  /** The lowest and highest finite score (0 and 0 where there is none). */
  low: number;
  high: number;
}

/** A round step (1, 2 or 5 times a power of ten) of at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((factor) => factor * power >= raw * (1 - 1e-9)) ?? 10) * power;
}

/** `value` rounded to the step's decimals, so 0.79 + 0.01 reads 0.8, not 0.8000000000000002. */
const rounded = (value: number, step: number) => Number(value.toFixed(Math.max(0, -Math.floor(Math.log10(step)) + 1)));

/**
 * Bars from zero while the scores' spread is a fair part of their size (as plotting tools draw bars: twice the score
 * is twice the bar). Where it is not (Q 0.79 to 0.82), bars from zero all look alike: the axis then spans the scores
 * only, from a round value below the lowest (so the lowest candidate still has a bar), and says so with its ticks
 * and the chart's caption. Ticks are round steps, as d3's and uPlot's axes choose them, three to five of them.
 */
export function scoreBars(values: readonly number[], height: number): ScoreBars {
  // A live event keeps what JSON cannot hold (a log-probability of -Infinity, a NaN): such a score has no bar and no say in the axis.
  const finite = values.filter((value) => Number.isFinite(value));
  const low = finite.length > 0 ? Math.min(...finite) : 0;
  const high = finite.length > 0 ? Math.max(...finite) : 0;
  // Scores equal but for rounding (0.1 and 0.1 + 1e-17) have no spread to draw: an axis that narrow has no height.
  const spread = high - low <= 1e-9 * Math.max(Math.abs(low), Math.abs(high)) ? 0 : high - low;
  // Zero within two spreads of the scores: bars from zero lose little room, and keep their lengths true.
  const fromZero = spread === 0 || (low >= 0 ? low <= 2 * spread : high >= 0 || -high <= 2 * spread);
  const [from, to] = fromZero ? [Math.min(0, low), Math.max(0, high)] : [low, high];
  if (to === from) return { domain: [0, 0], fromZero: true, baseY: height, ticks: [{ value: 0, y: height }], bars: values.map(() => ({ y: height, height: 0 })), low, high };
  const step = niceStep((to - from) / 4);
  let bottom = Math.floor(from / step + 1e-9) * step;
  if (!fromZero && bottom >= low - 1e-9 * step) bottom -= step;
  const steps = Math.round((Math.ceil(to / step - 1e-9) * step - bottom) / step);
  const top = bottom + steps * step;
  // `+ 0`: no -0 (a top of zero reached from below) for a reader comparing values.
  const y = (value: number) => ((top - value) / (top - bottom)) * height + 0;
  const ticks = Array.from({ length: steps + 1 }, (_, index) => ({ value: rounded(bottom + index * step, step) + 0, y: height - (index * height) / steps }));
  const baseY = fromZero ? y(0) : height;
  return {
    domain: [rounded(bottom, step), rounded(top, step)],
    fromZero,
    baseY,
    ticks,
    bars: values.map((value) => (Number.isFinite(value) ? { y: Math.min(y(value), baseY), height: Math.abs(y(value) - baseY) } : { y: baseY, height: 0 })),
    low,
    high,
  };
}
