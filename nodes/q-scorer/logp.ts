import { z } from "zod";
import { Column, type CandidateTable } from "../../runtime/candidate-table.js";
import type { ValueFunction } from "../../runtime/ports.js";
import type { QScorer } from "./scorer.js";

/** Params of the log-prob variant: the policy's own confidence stands in for Q. */
export const logpParams = z
  .object({
    variant: z.literal("logp").describe("Use the policy's log-probability of each candidate as its score."),
  })
  .describe("Log-prob: q is the candidate's logp column — the policy's own confidence, no look-ahead and no risk estimate.");

/** Copies the `logp` column into `q`. */
export function createLogpScorer(): QScorer {
  return {
    score: scoreWithLogp,
    value: noStateValue,
  };
}

function scoreWithLogp(candidates: CandidateTable): CandidateTable {
  return candidates.withColumn(Column.q, candidates.numbers(Column.logp));
}

const noStateValue: ValueFunction = {
  name: "log-prob scorer (no state value)",
  values() {
    throw new Error(
      "the log-prob Q-scorer has no state value V(s): log-probabilities rank actions but are not returns; " +
        "connect the value of an oracle or model-based Q-scorer instead",
    );
  },
};
