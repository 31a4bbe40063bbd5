/** Where a bar chart of `values` draws its zero line and each bar, in an SVG `height` pixels tall. */
export interface ScoreBars {
  /** The zero line's y: the bottom with no negative value, the top with no positive one, else between. */
  zeroY: number;
  bars: { y: number; height: number }[];
}

/**
 * Bars from zero, as any plotting tool draws them: a bar's length is its value, so twice the score
 * is twice the bar, and negative scores hang below the zero line. (Scaled from the lowest score, a
 * difference in the second decimal looked like a tenfold one and the lowest candidate had no bar.)
 */
export function scoreBars(values: readonly number[], height: number): ScoreBars {
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const span = high - low;
  if (span === 0) return { zeroY: height, bars: values.map(() => ({ y: height, height: 0 })) };
  const y = (value: number) => ((high - value) / span) * height;
  const zeroY = y(0);
  return { zeroY, bars: values.map((value) => ({ y: Math.min(y(value), zeroY), height: Math.abs(y(value) - zeroY) })) };
}
