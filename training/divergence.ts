/**
 * Past this magnitude a feature, reward or label is the likelier cause of a loss that turned NaN
 * than the learning rate: a squared error of 1e19 is past float32's 3.4e38, and Adam's second
 * moment squares the gradients again.
 */
const LARGE_VALUE = 1e6;

/** The largest absolute value in the arrays (Infinity where one holds a non-finite number). */
export function largestMagnitude(...arrays: readonly (Float32Array | undefined)[]): number {
  let largest = 0;
  for (const array of arrays) {
    for (const value of array ?? []) {
      const magnitude = Math.abs(value);
      if (!(magnitude <= largest)) largest = Number.isNaN(magnitude) ? Infinity : magnitude;
    }
  }
  return largest;
}

/**
 * What to try after training diverged, from the data's largest value: values that large (the
 * data's scale) are not cured by a smaller --lr, so the hint names them; data on a modest scale
 * leaves the step size and the bootstrap as the causes.
 */
export function divergenceHint(largestValue: number): string {
  if (largestValue > LARGE_VALUE) {
    return `the data holds values up to ${largestValue.toPrecision(3)} in magnitude (features, actions, rewards or labels), too large for float32 training: rescale them (a smaller --lr will not help)`;
  }
  return `the data's values stay within ±${LARGE_VALUE.toExponential(0)}, so try a smaller --lr (for q, value: fewer --iterations or a smaller --gamma, if the bootstrapped targets grow)`;
}
