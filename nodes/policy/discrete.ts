import type { Environment } from "../../runtime/environment.js";

/** The number of actions of a discrete environment; throws naming the policy that needs one. */
export function discreteActionCount(env: Environment, policyName: string): number {
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
