import { clipToBounds } from "../../runtime/action-box.js";
import type { ActionDistribution } from "../../runtime/ports.js";
import type { Rng } from "../../runtime/rng.js";
import type { Draws } from "./discrete.js";

/** A diagonal Gaussian over action vectors, with the bounds its draws are clipped to. */
export type DiagonalGaussian = Omit<Extract<ActionDistribution, { kind: "gaussian" }>, "kind">;

/**
 * Draws mean + T·σ·N(0, 1) per dimension, clipped to the bounds when the distribution has them
 * (as the environment would clip them: a candidate shows the action that will really be taken);
 * the greedy row is the (clipped) mean. logp is the density under the original (untempered)
 * Gaussian at the clipped point, so it compares across temperatures.
 */
export function drawGaussian(dist: DiagonalGaussian, count: number, includeGreedy: boolean, temperature: number, rng: Rng): Draws {
  if (dist.mean.length !== dist.logStd.length) {
    throw new Error(`the gaussian has ${dist.mean.length} means but ${dist.logStd.length} log-stds`);
  }
  const clip = (x: number[]) => (dist.bounds ? clipToBounds(x, dist.bounds) : x);
  const actions: number[][] = [];
  if (includeGreedy) actions.push(clip([...dist.mean]));
  while (actions.length < count) {
    actions.push(clip(dist.mean.map((mu, d) => mu + temperature * Math.exp(dist.logStd[d]!) * rng.normal())));
  }
  return {
    actions,
    logp: actions.map((x) => gaussianLogDensity(dist, x)),
    greedy: actions.map((_, row) => includeGreedy && row === 0),
  };
}

/** log N(x; mean, diag(exp(logStd)²)). */
export function gaussianLogDensity(dist: Pick<DiagonalGaussian, "mean" | "logStd">, x: readonly number[]): number {
  let logp = 0;
  for (let d = 0; d < x.length; d++) {
    const logStd = dist.logStd[d]!;
    const z = (x[d]! - dist.mean[d]!) / Math.exp(logStd);
    logp += -0.5 * z * z - logStd - 0.5 * Math.log(2 * Math.PI);
  }
  return logp;
}
