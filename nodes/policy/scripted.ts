import { z } from "zod";
import type { CheckContext, ParamProblem } from "../../runtime/node-kind.js";
import type { ActionDistribution, PolicyFunction, StateView } from "../../runtime/ports.js";
import { softmax } from "./discrete.js";

/** Params of the scripted policy for text environments. */
export const scriptedParams = z
  .object({
    variant: z.literal("scripted"),
    temperature: z.number().positive().default(0.5).describe("Softmax temperature over the environment's scripted proposals' scores; lower is greedier"),
    epsilon: z.number().min(0).max(1).default(0.1).describe("Share of probability spread uniformly over the proposals (noise)"),
  })
  .describe("Scripted: softmax over an environment's naive proposals (the shopping task's careless shopper, the point mass's hazard-blind pusher), mixed with uniform noise");

export type ScriptedParams = z.output<typeof scriptedParams>;

/**
 * The no-LLM baseline for text environments: probs = (1 − ε)·softmax(scores / T) + ε/n over the
 * actions the environment's naive script proposes. Plausible but noisy on purpose: the weak
 * proposer whose mistakes value guidance is there to catch.
 */
export function scriptedPolicy(params: ScriptedParams): PolicyFunction {
  const { temperature, epsilon } = params;
  return {
    name: `scripted(T=${temperature}, ε=${epsilon})`,
    distributions: (states) => states.map((state) => scriptedDistribution(state, temperature, epsilon)),
  };
}

function noProposals(name: string): string {
  return `the scripted policy needs an environment that proposes scripted actions (naiveProposals()); "${name}" does not — use it with the shopping task or the point mass`;
}

/** The script is the environment's: where it has none, a problem before the run, not an error at its first step. */
export function checkScriptedPolicy(ctx: CheckContext): ParamProblem[] {
  return ctx.environment && !ctx.environment.naiveProposals ? [{ path: ["variant"], message: noProposals(ctx.environment.name) }] : [];
}

function scriptedDistribution(state: StateView, temperature: number, epsilon: number): ActionDistribution {
  if (!state.naiveProposals) throw new Error(noProposals(state.name));
  const { actions, scores } = state.naiveProposals();
  if (actions.length === 0) throw new Error(`"${state.name}" proposed no actions to the scripted policy (has the episode ended?)`);
  const n = actions.length;
  const probs = softmax(scores.map((s) => s / temperature)).map((p) => (1 - epsilon) * p + epsilon / n);
  return { kind: "categorical", actions, probs };
}
