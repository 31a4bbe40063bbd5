import { z } from "zod";
import type { CheckContext, ParamProblem } from "../../runtime/node-kind.js";
import type { ActionDistribution, PolicyFunction, StateView } from "../../runtime/ports.js";
import { boxBounds, boxSize } from "../../runtime/action-box.js";
import type { ActionSpace } from "../../runtime/environment.js";
import type { StructuredSpace } from "../../runtime/structured-space.js";
import { boundsOf } from "./box.js";
import { actionIndices } from "./discrete.js";

/** Params of the uniform policy. */
export const uniformParams = z
  .object({
    variant: z.literal("uniform"),
    box: z
      .enum(["uniform", "normal"])
      .default("uniform")
      .describe(
        "Continuous (box) actions: uniform between finite bounds, as Gymnasium's space.sample() draws (bound ± Exponential(1) on a half-bounded dimension, N(0, 1) on an unbounded one); or normal: N(0, 1) per dimension, clipped to the bounds (a sampler's temperature widens it)",
      ),
  })
  .describe("Uniform: every discrete action equally likely; continuous and MultiDiscrete, Dict and Tuple actions drawn as Gymnasium's space.sample() draws them");

type UniformParams = z.output<typeof uniformParams>;

/** The baseline that knows nothing: a space's own uniform draw (discrete, box, structured), or N(0, 1) per dimension over a box if asked. */
export function uniformPolicy(p: Pick<UniformParams, "box"> = { box: "uniform" }): PolicyFunction {
  return { name: "uniform", distributions: (states) => states.map((state) => uniformDistribution(state, p.box)) };
}

function noTextDraw(name: string): string {
  return `the uniform policy cannot propose text actions ("${name}" takes text): choose the scripted or llm variant`;
}

/** Text has no uniform draw: a problem before the run, not an error at its first step. */
export function checkUniformPolicy(ctx: CheckContext): ParamProblem[] {
  return ctx.environment?.actionSpace.kind === "text" ? [{ path: ["variant"], message: noTextDraw(ctx.environment.name) }] : [];
}

function uniformDistribution(env: StateView, box: UniformParams["box"]): ActionDistribution {
  const space = env.actionSpace;
  switch (space.kind) {
    case "discrete":
      return { kind: "categorical", actions: actionIndices(space.n), probs: new Array<number>(space.n).fill(1 / space.n) };
    case "box": {
      if (box === "uniform") return { kind: "uniform", space: asStructuredBox(space) };
      const size = boxSize(space);
      return { kind: "gaussian", mean: new Array<number>(size).fill(0), logStd: new Array<number>(size).fill(0), ...boundsOf(env) };
    }
    case "text":
      throw new Error(noTextDraw(env.name));
    case "structured":
      return { kind: "uniform", space: space.space };
  }
}

/** A box action space as the flat float Box runtime/uniform-space.ts draws from (its actions are flat vectors). */
function asStructuredBox(space: Extract<ActionSpace, { kind: "box" }>): StructuredSpace {
  const { low, high } = boxBounds(space);
  const finite = (bound: number) => (Number.isFinite(bound) ? bound : null);
  return { type: "Box", shape: [boxSize(space)], low: low.map(finite), high: high.map(finite), dtype: "float32" };
}
