import { z } from "zod";
import type { Action } from "../../runtime/environment.js";

/**
 * An action as a pipeline file writes it: an index, text, a vector, or a structured action's lists
 * and objects. Typed as Action here; whether it is one of the environment's is checked at validation
 * (safe-action.ts), where the space is known.
 */
const safeAction = z.union([z.number(), z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())]) as unknown as z.ZodType<Action>;

/** The risk column by default. Only the threshold needs it; see readsRiskColumn. */
export const defaultRiskColumn = "risk";

/** The risk filter's params. */
export const riskFilterParams = z
  .object({
    column: z
      .string()
      .min(1)
      .default(defaultRiskColumn)
      .describe('The column holding each candidate\'s risk (lower is safer); with the threshold off, the default "risk" may be missing.'),
    max: z
      .number()
      .nullable()
      .default(0.5)
      .describe("Filter candidates whose risk is above this; empty turns the threshold off."),
    irreversible: z
      .boolean()
      .default(true)
      .describe("Filter candidates the environment says cannot be undone (e.g. a step into lava)."),
    keepTopK: z
      .object({
        column: z.string().min(1).describe("The column to rank by; higher is better."),
        k: z.number().int().min(1).describe("How many of the best remaining candidates to keep."),
      })
      .nullable()
      .default(null)
      .describe("After the other rules, keep only the k best remaining candidates by a column; empty keeps them all."),
    fallback: z
      .enum(["least-risky", "safe-default", "end-episode"])
      .default("least-risky")
      .describe(
        "When every candidate is filtered: keep the least risky one, act with a safe default action, or end the episode without acting.",
      ),
    safeAction: safeAction
      .nullable()
      .meta({ usedWhen: { fallback: "safe-default" } })
      .default(null)
      .describe('The action taken by the "safe-default" fallback, e.g. 0 or "wait".'),
  })
  .superRefine((p, ctx) => {
    if (p.fallback === "safe-default" && p.safeAction === null) {
      ctx.addIssue({
        code: "custom",
        path: ["safeAction"],
        message: 'fallback "safe-default" needs a safeAction to fall back to',
      });
    }
  });

/**
 * Whether the risk column must be there. The threshold reads it; so does the least-risky fallback,
 * but a filter that only drops irreversible moves has no risk to read: with the threshold off, the
 * default column may be missing (the fallback then keeps the first candidate). A column the user
 * named must exist.
 */
export function readsRiskColumn(p: RiskFilterParams): boolean {
  return p.max !== null || (p.fallback === "least-risky" && p.column !== defaultRiskColumn);
}

/** Parsed risk-filter params. */
export type RiskFilterParams = z.output<typeof riskFilterParams>;
