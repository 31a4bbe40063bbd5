import { clipToBounds } from "../../runtime/action-box.js";
import type { Action } from "../../runtime/environment.js";
import type { ActionDistribution } from "../../runtime/ports.js";
import type { Rng } from "../../runtime/rng.js";
import { drawUniform, modeOfUniform } from "../../runtime/uniform-space.js";

/** Turns a policy's distribution into the next simulated action: a draw from it, or its most likely action. */
export function continuationAction(distribution: ActionDistribution, sampling: "sample" | "greedy", rng: Rng): Action {
  switch (distribution.kind) {
    case "categorical":
      return pick(distribution.actions, sampling === "greedy" ? argmax(distribution.probs) : rng.weighted(distribution.probs));
    case "proposals": {
      if (sampling === "greedy") return pick(distribution.actions, argmax(distribution.logp));
      // Subtract the max before exponentiating so very negative log-probs do not all underflow to 0.
      const top = Math.max(...distribution.logp);
      return pick(distribution.actions, rng.weighted(distribution.logp.map((l) => Math.exp(l - top))));
    }
    case "gaussian": {
      const action = sampling === "greedy" ? [...distribution.mean] : distribution.mean.map((mu, i) => mu + Math.exp(distribution.logStd[i] ?? 0) * rng.normal());
      return distribution.bounds ? clipToBounds(action, distribution.bounds) : action;
    }
    case "uniform":
      // A space's values are numbers, lists and objects: actions.
      return (sampling === "greedy" ? modeOfUniform(distribution.space) : drawUniform(distribution.space, rng)) as Action;
  }
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function pick(actions: readonly Action[], index: number): Action {
  const action = actions[index];
  if (action === undefined) throw new Error("the policy returned a distribution with no actions to continue the simulation with");
  return action;
}
