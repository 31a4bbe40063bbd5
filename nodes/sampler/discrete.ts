import type { Action } from "../../runtime/environment.js";
import type { Rng } from "../../runtime/rng.js";
import { argmax, samplingProbs } from "./reshape.js";
import type { Reshaping } from "./params.js";

/** Drawn candidates before they become a table: one entry per row. */
export interface Draws {
  actions: Action[];
  logp: number[];
  greedy: boolean[];
}

/**
 * Draws from a finite set of choices (a categorical's actions or a list of proposals), each
 * with its log-prob under the original distribution; the reshaping works from those log-probs.
 * The greedy row, if asked for, is the choice with the highest log-prob.
 */
/** Said where a policy proposed nothing: most often an LLM policy none of whose answers named an action. */
export const NOTHING_TO_SAMPLE =
  "the distribution has no actions to sample: the policy proposed none (an LLM policy proposes none when no answer named an action; its candidates output holds every answer as a filtered row with its reason, which an executor fed from it ends the episode on cleanly)";

export function drawChoices(
  choices: { actions: readonly Action[]; logp: readonly number[] },
  count: number,
  includeGreedy: boolean,
  reshaping: Reshaping,
  rng: Rng,
): Draws {
  const { actions, logp } = choices;
  if (actions.length === 0) throw new Error(NOTHING_TO_SAMPLE);
  if (logp.length !== actions.length) {
    throw new Error(`the distribution has ${actions.length} actions but ${logp.length} probabilities`);
  }
  const probs = samplingProbs(logp, reshaping);
  // One pass fills the three columns (every lane samples every step), pushed: packed arrays, and the log-probs'
  // one allocation (an array made by length holds integers until the first double lands, then is copied).
  const size = Math.max(count, includeGreedy ? 1 : 0);
  const drawn: Draws = { actions: [], logp: [], greedy: [] };
  for (let row = 0; row < size; row++) {
    const greedy = includeGreedy && row === 0;
    const i = greedy ? argmax(logp) : rng.weighted(probs);
    drawn.actions.push(actions[i]!);
    drawn.logp.push(logp[i]!);
    drawn.greedy.push(greedy);
  }
  return drawn;
}
