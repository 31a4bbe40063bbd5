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
export function drawChoices(
  choices: { actions: readonly Action[]; logp: readonly number[] },
  count: number,
  includeGreedy: boolean,
  reshaping: Reshaping,
  rng: Rng,
): Draws {
  const { actions, logp } = choices;
  if (actions.length === 0) throw new Error("the distribution has no actions to sample");
  if (logp.length !== actions.length) {
    throw new Error(`the distribution has ${actions.length} actions but ${logp.length} probabilities`);
  }
  const indices: number[] = [];
  if (includeGreedy) indices.push(argmax(logp));
  const probs = samplingProbs(logp, reshaping);
  while (indices.length < count) indices.push(rng.weighted(probs));
  return {
    actions: indices.map((i) => actions[i]!),
    logp: indices.map((i) => logp[i]!),
    greedy: indices.map((_, row) => includeGreedy && row === 0),
  };
}
