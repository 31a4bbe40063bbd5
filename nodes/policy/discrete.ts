import type { StateView } from "../../runtime/ports.js";

/** The number of actions of a discrete environment; throws naming the policy that needs one. */
export function discreteActionCount(env: StateView, policyName: string): number {
  const space = env.actionSpace;
  if (space.kind !== "discrete") {
    throw new Error(`the ${policyName} policy needs a discrete action space, but "${env.name}" has a ${space.kind} action space`);
  }
  return space.n;
}

/** The lists handed out by actionIndices, by size: a policy asks every step, and distributions are read, never changed. */
const indexLists: (readonly number[])[] = [];

/** The discrete actions 0..n-1, as a categorical distribution lists them (one shared list per n). */
export function actionIndices(n: number): readonly number[] {
  return (indexLists[n] ??= Array.from({ length: n }, (_, i) => i));
}

/**
 * Probabilities from logits; subtracting the max keeps exp() finite at low temperatures.
 * Plain loops (a policy calls it every step), summing in index order as reduce did: the same bits.
 */
export function softmax(logits: ArrayLike<number>): number[] {
  const n = logits.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i]!);
  const weights: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const weight = Math.exp(logits[i]! - max);
    weights.push(weight);
    total += weight;
  }
  for (let i = 0; i < n; i++) weights[i] = weights[i]! / total;
  return weights;
}
