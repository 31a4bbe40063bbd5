import { z } from "zod";
import type { ActionDistribution, PolicyFunction, StateView } from "../../runtime/ports.js";
import { boxSize } from "../../runtime/action-box.js";
import { boundsOf } from "./box.js";
import { actionIndices } from "./discrete.js";

/** Params of the uniform policy (none besides the variant). */
export const uniformParams = z
  .object({ variant: z.literal("uniform") })
  .describe("Uniform: every discrete action equally likely; a standard normal per dimension for continuous actions; MultiDiscrete, Dict and Tuple actions drawn as Gymnasium's space.sample() draws them");

/** The baseline that knows nothing: uniform over discrete actions, N(0, 1) per dimension over a box, a space's own uniform draw over a structured one. */
export function uniformPolicy(): PolicyFunction {
  return { name: "uniform", distributions: (states) => states.map(uniformDistribution) };
}

function uniformDistribution(env: StateView): ActionDistribution {
  const space = env.actionSpace;
  switch (space.kind) {
    case "discrete":
      return { kind: "categorical", actions: actionIndices(space.n), probs: new Array<number>(space.n).fill(1 / space.n) };
    case "box": {
      const size = boxSize(space);
      return { kind: "gaussian", mean: new Array<number>(size).fill(0), logStd: new Array<number>(size).fill(0), ...boundsOf(env) };
    }
    case "text":
      throw new Error(`the uniform policy cannot propose text actions ("${env.name}" takes text)`);
    case "structured":
      return { kind: "uniform", space: space.space };
  }
}
