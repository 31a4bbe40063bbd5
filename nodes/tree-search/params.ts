import { z } from "zod";

/** The prior column by default: the Q-scorer's. It alone may be missing (see columnReferences in index.ts). */
export const defaultPrior = "q";

/** The tree-search node's params: which search, and what it may spend per step. */
export const treeSearchParams = z.object({
  algorithm: z
    .enum(["best-first", "a-star"])
    .default("best-first")
    .describe(
      "best-first expands the open state with the highest estimate V(s) (WebOperator); a-star the highest return so far plus the discounted estimate, g + h, less stepCost per step (ToolChain*)",
    ),
  maxNodes: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(64)
    .describe(
      "Simulated states per step (the node budget), exactly: the candidates' first steps count towards it, and are always all simulated (more than maxNodes only where there are more candidates)",
    ),
  maxMs: z
    .number()
    .min(0)
    .default(0)
    .describe("Time budget per step in milliseconds, 0 for none; with one, results depend on the machine's speed"),
  maxDepth: z.number().int().min(1).max(100).default(8).describe("Steps below the current state the search may look"),
  branching: z
    .number()
    .int()
    .min(1)
    .max(64)
    .default(4)
    .describe("Children per expanded state: the policy's most likely actions (every action of a discrete space when no policy is connected)"),
  discount: z.number().min(0).max(1).default(0.99).describe("Discount factor γ for rewards below the current state"),
  stepCost: z.number().min(0).default(0).describe("a-star only: a cost per step below the current state, subtracted from g"),
  prior: z
    .string()
    .min(1)
    .default(defaultPrior)
    .describe(
      "Candidate column that estimates an irreversible candidate's value, since it is never simulated; where it has no value (the default \"q\" with no Q-scorer before), the candidate ranks last (−∞)",
    ),
});

export type TreeSearchParams = z.output<typeof treeSearchParams>;
