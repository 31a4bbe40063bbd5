import { z } from "zod";

/** The column saying which CEM round drew a candidate (0: the sampler's). */
export const CemColumn = { round: "cem_round" } as const;

/**
 * Cross-entropy refinement of continuous candidates by their Q values. It lives on the scorer, not
 * the sampler: each round must be scored before the next is drawn, and the scorer owns the model
 * that scores, so no node has to call another mid-step.
 */
export const cemParams = z
  .object({
    iterations: z.number().int().min(0).max(20).default(0).describe("Rounds of refit-and-redraw after scoring the sampler's candidates; 0 is off"),
    eliteFraction: z.number().gt(0).max(1).default(0.2).describe("Share of a round's candidates, the best by Q, the next round is fitted to"),
    population: z.number().int().min(1).max(1024).nullable().default(null).describe("Candidates drawn per round; empty: as many as the sampler drew"),
    minStd: z.number().min(0).default(0.05).describe("Floor of each action dimension's standard deviation in a round"),
  })
  .prefault({})
  .describe("CEM over continuous actions (q-sa on a box action space): every round's candidates are added to the table, each with its cem_round");
