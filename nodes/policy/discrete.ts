import type { StateView } from "../../runtime/ports.js";

/** The number of actions of a discrete environment; throws naming the policy that needs one. */
export function discreteActionCount(env: StateView, policyName: string): number {
  const space = env.actionSpace;
  if (space.kind !== "discrete") {
    throw new Error(`the ${policyName} policy needs a discrete action space, but "${env.name}" has a ${space.kind} action space`);
  }
  return space.n;
}

/** The discrete actions 0..n-1, as a categorical distribution lists them. */
export function actionIndices(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Probabilities from logits; subtracting the max keeps exp() finite at low temperatures. */
export function softmax(logits: ArrayLike<number>): number[] {
  const values = Array.from(logits);
  const max = Math.max(...values);
  const weights = values.map((l) => Math.exp(l - max));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}
