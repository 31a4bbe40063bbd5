import type { CandidateTable } from "../../runtime/candidate-table.js";
import { distinctActions, type Action } from "../../runtime/environment.js";

/** The distinct actions worth simulating, and where each candidate row's result comes from. */
export interface KeptActions {
  /** The distinct actions of the rows not marked filtered, in order of first appearance. */
  actions: Action[];
  /** Each row's index into `actions`; null for a filtered row. */
  rowToAction: (number | null)[];
}

/**
 * The candidates a look-ahead simulates: each distinct action once, filtered rows left out. A
 * filtered row is never executed, so simulating it spends the budget on nothing, and its action
 * may be no action at all (an LLM answer that did not parse stays a row holding its raw text).
 */
export function keptActions(candidates: CandidateTable): KeptActions {
  const kept = candidates.keptIndices();
  const distinct = distinctActions(kept.map((row) => candidates.actions[row]!));
  const rowToAction = new Array<number | null>(candidates.size).fill(null);
  kept.forEach((row, k) => (rowToAction[row] = distinct.rowToAction[k]!));
  return { actions: distinct.actions, rowToAction };
}

/** A value per row from a value per distinct action: `empty` for the rows left out. */
export function perRow<T, E>(kept: KeptActions, values: readonly T[], empty: E): (T | E)[] {
  return kept.rowToAction.map((i) => (i === null ? empty : values[i]!));
}
