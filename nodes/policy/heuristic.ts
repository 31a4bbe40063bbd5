import { z } from "zod";
import type { CheckContext, ParamProblem } from "../../runtime/node-kind.js";
import type { ActionDistribution, PolicyFunction, StateView } from "../../runtime/ports.js";
import { actionIndices, discreteActionCount } from "./discrete.js";

/** Params of the weak, hazard-blind heuristic policy. */
export const heuristicParams = z
  .object({
    variant: z.literal("heuristic"),
    temperature: z
      .number()
      .positive()
      .default(0.5)
      .describe("Softmax temperature over the environment's naive preferences; lower is greedier"),
    epsilon: z
      .number()
      .min(0)
      .max(1)
      .default(0.15)
      .describe("Share of probability spread uniformly over all actions (exploration)"),
  })
  .describe("Heuristic: softmax over the environment's naive, hazard-blind preferences, mixed with uniform noise");

export type HeuristicParams = z.output<typeof heuristicParams>;

/** The heuristic reads the environment's naive preferences: where it has none, a problem before the run, not an error at its first step. */
export function checkHeuristicPolicy(ctx: CheckContext): ParamProblem[] {
  const env = ctx.environment;
  if (!env || env.naivePreferences) return [];
  return [
    {
      path: ["variant"],
      message: `the heuristic policy needs an environment with naive preferences (GridWorld, CartPole); "${env.name}" has none: choose another variant (uniform, onnx, llm, scripted)`,
    },
  ];
}

/**
 * probs = (1 − ε)·softmax(naivePreferences / T) + ε/n. It ignores hazards on purpose:
 * it is the weak proposer whose mistakes value-guided selection is there to catch.
 */
export function heuristicPolicy(params: HeuristicParams): PolicyFunction {
  const { temperature, epsilon } = params;
  return {
    name: `heuristic(T=${temperature}, ε=${epsilon})`,
    distributions: (states) => states.map((env) => heuristicDistribution(env, temperature, epsilon)),
  };
}

function heuristicDistribution(env: StateView, temperature: number, epsilon: number): ActionDistribution {
  const n = discreteActionCount(env, "heuristic");
  if (!env.naivePreferences) {
    throw new Error(`the heuristic policy needs an environment that offers naivePreferences(); "${env.name}" does not`);
  }
  const preferences = env.naivePreferences();
  if (preferences.length !== n) {
    throw new Error(`"${env.name}" gave ${preferences.length} naive preferences for ${n} actions`);
  }
  // softmax(logits) worked in place, in one array (every lockstep lane asks every step): the same operations in the same order.
  const probs: number[] = [];
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const logit = preferences[i]! / temperature;
    probs.push(logit);
    max = Math.max(max, logit);
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += probs[i] = Math.exp(probs[i]! - max);
  for (let i = 0; i < n; i++) probs[i] = (1 - epsilon) * (probs[i]! / total) + epsilon / n;
  return { kind: "categorical", actions: actionIndices(n), probs };
}
