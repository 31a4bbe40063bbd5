import type { CandidateTable } from "../../runtime/candidate-table.js";
import type { Environment } from "../../runtime/environment.js";
import type { ValueFunction } from "../../runtime/ports.js";
import type { Rng } from "../../runtime/rng.js";

/**
 * One way of scoring candidates (oracle, log-prob, later an ONNX critic or an LLM judge):
 * it adds columns to the whole table in one pass and offers the matching state-value function.
 */
export interface QScorer {
  /** Scores every row at once, so model-backed scorers can make one batched call. */
  score(candidates: CandidateTable, environment: Environment | undefined, rng: Rng): CandidateTable | Promise<CandidateTable>;
  /** V(s) consistent with the scores, for bootstrapping rollouts at their horizon. */
  readonly value: ValueFunction;
}
