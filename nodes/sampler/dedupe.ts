import { actionKey } from "../../runtime/environment.js";
import type { Draws } from "./discrete.js";

/** Draws with equal actions merged, and how many draws each row stands for. */
export interface MergedDraws extends Draws {
  count: number[];
}

/**
 * Merges equal actions into their first occurrence, keeping first-seen order. The kept row's
 * logp and greedy flag are the first occurrence's; equal actions share a logp except for
 * proposal lists that repeat an action with different log-probs.
 */
export function mergeEqualActions(draws: Draws): MergedDraws {
  const rowOf = new Map<string, number>();
  const merged: MergedDraws = { actions: [], logp: [], greedy: [], count: [] };
  draws.actions.forEach((action, i) => {
    const key = actionKey(action);
    const row = rowOf.get(key);
    if (row !== undefined) {
      merged.count[row]! += 1;
      return;
    }
    rowOf.set(key, merged.actions.length);
    merged.actions.push(action);
    merged.logp.push(draws.logp[i]!);
    merged.greedy.push(draws.greedy[i]!);
    merged.count.push(1);
  });
  return merged;
}

// JSON tells 1 from "1" and compares vectors element by element.
