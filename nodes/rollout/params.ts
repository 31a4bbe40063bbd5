import { z } from "zod";

/** The rollout node's params. */
export const rolloutParams = z.object({
  model: z
    .enum(["simulator"])
    .default("simulator")
    .describe("What predicts the future: the environment's own simulator (snapshot, clone, step)."),
  horizon: z.number().int().min(1).max(200).default(8).describe("Steps simulated ahead of each candidate, its own first action included."),
  continuation: z
    .enum(["policy", "repeat"])
    .default("policy")
    .describe("After the candidate's first action: ask the policy for each next action, or repeat the candidate's action."),
  continuationSampling: z
    .enum(["sample", "greedy"])
    .default("sample")
    .describe("How the policy's distribution becomes an action: draw from it, or take its most likely action."),
  discount: z.number().min(0).max(1).default(0.99).describe("Discount factor γ applied to each simulated step's reward."),
  samples: z
    .number()
    .int()
    .min(1)
    .max(64)
    .default(1)
    .describe("Simulations per candidate, averaged; more than 1 only matters when the environment is random (e.g. slip)."),
  bootstrap: z
    .boolean()
    .default(true)
    .describe("Add γ^horizon · V(final state) from the value input when it is connected and the simulation has not ended."),
});

/** Parsed rollout params. */
export type RolloutParams = z.output<typeof rolloutParams>;
