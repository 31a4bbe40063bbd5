import { z } from "zod";
import { cannotCopy } from "../../runtime/environment.js";
import { keptActions, perRow } from "../rollout/kept-actions.js";
import { defineNodeKind } from "../../runtime/node-kind.js";
import { simulateAhead } from "../rollout/simulate.js";

/** The columns this node adds. */
export const MonteCarloColumn = { q: "mc_q", risk: "mc_risk" } as const;

/** The Monte-Carlo Q node's params. */
export const monteCarloQParams = z.object({
  samples: z.number().int().min(1).max(64).default(4).describe("Rollouts per distinct candidate, averaged into its mc_q"),
  horizon: z
    .number()
    .int()
    .min(1)
    .max(200)
    .default(15)
    .describe("Steps a rollout may take, the candidate's own included; make it the run's maxSteps to roll out to the end"),
  discount: z.number().min(0).max(1).default(1).describe("Discount γ of the rollouts' rewards (1: the episode's return, as WebShop scores it)"),
});

/**
 * Monte-Carlo Q annotation for training data (the step-level Q-value papers' MCTS annotation, one
 * level deep): each candidate is taken on copies of the environment, then the policy is sampled to
 * the end, `samples` times; the mean return is the candidate's mc_q. It is a label for
 * `foresight train q --target mc`, written by the dataset collector's candidate tables and
 * preference pairs (scoreColumn "mc_q"); it reads the simulator, so deploy the model it trains, not it.
 */
export const monteCarloQKind = defineNodeKind({
  kind: "monte-carlo-q",
  title: "Monte-Carlo Q",
  shortId: "mc",
  description:
    "Annotates each candidate with its Monte-Carlo Q value: the mean return of rollouts that take the candidate on copies of " +
    "the environment (snapshot/restore) and then follow the policy, sampled, to the end. Labels for training step-level Q-models.",
  params: monteCarloQParams,
  columns: [
    { name: MonteCarloColumn.q, label: "MC Q", format: "number", chart: true, description: "Mean return of the rollouts that start with the candidate and continue with the policy." },
    { name: MonteCarloColumn.risk, label: "MC risk", format: "probability", description: "Share of those rollouts that hit a hazard or took an irreversible step." },
  ],
  inputs: {
    candidates: { type: "candidates", description: "The candidates to annotate.", required: true },
    environment: { type: "environment", description: "The live environment; it is cloned, never stepped.", required: true },
    policy: {
      type: "policy",
      description: "The policy the rollouts follow after each candidate (sampled).",
      required: true,
      needs: { "simulated-states": "Monte-Carlo rollouts ask the policy for an action in every simulated state; connect a policy that can" },
    },
  },
  outputs: {
    candidates: { type: "candidates", description: "The candidates with mc_q and mc_risk columns." },
  },
  check: (_p, ctx) =>
    ctx.environment?.canSnapshot === false
      ? [{ path: [], message: `Monte-Carlo rollouts need copies of the environment, and ${cannotCopy(ctx.environment)}` }]
      : [],
  create(p) {
    return {
      async run({ candidates, environment, policy }, ctx) {
        // Equal actions share one set of rollouts, so duplicates never get different labels by chance;
        // filtered rows are never executed, so they get none (their cells stay empty).
        const kept = keptActions(candidates);
        const forecasts = kept.actions.length === 0 ? [] : await simulateAhead({
          environment,
          actions: kept.actions,
          horizon: p.horizon,
          discount: p.discount,
          samples: p.samples,
          policy,
          continuationSampling: "sample",
          value: undefined,
          rng: ctx.rng,
          signal: ctx.signal,
        });
        const rows = perRow(kept, forecasts, null);
        return {
          candidates: candidates.withColumn(MonteCarloColumn.q, rows.map((f) => f?.return ?? null)).withColumn(MonteCarloColumn.risk, rows.map((f) => f?.risk ?? null)),
        };
      },
    };
  },
});
