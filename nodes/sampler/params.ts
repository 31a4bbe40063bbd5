import { z } from "zod";

/** The sampler's params: how many candidates, and how the distribution is reshaped before drawing. */
export const samplerParams = z.object({
  n: z.number().int().min(1).max(1024).default(16).describe("Number of candidates to draw"),
  temperature: z
    .number()
    .positive()
    .default(1)
    .describe("Reshapes the distribution before drawing: below 1 sharpens it towards the mode, above 1 flattens it"),
  topK: z
    .number()
    .int()
    .min(1)
    .nullable()
    .default(null)
    .describe("Keep only the k most likely actions (categorical and proposals); empty keeps all"),
  topP: z
    .number()
    .gt(0)
    .lte(1)
    .nullable()
    .default(null)
    .describe("Nucleus sampling: keep the most likely actions until their probability reaches p (categorical and proposals); empty keeps all"),
  includeGreedy: z
    .boolean()
    .default(false)
    .describe("Make the first candidate the most likely action (the mean for continuous actions), then draw n − 1"),
  dedupe: z
    .boolean()
    .default(false)
    .describe("Merge equal actions into one row, with a count column saying how many draws it stands for"),
});

export type SamplerParams = z.output<typeof samplerParams>;

/** The reshaping applied to discrete choices (categorical actions or proposals). */
export type Reshaping = Pick<SamplerParams, "temperature" | "topK" | "topP">;
