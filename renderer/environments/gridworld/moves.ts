import type { Action, CandidateRow } from "../../../protocol/index.js";

/** The candidates that propose one action, summed up for its arrow. */
export interface Move {
  action: number;
  count: number;
  /** Candidates of this action the filter left. */
  kept: number;
  /** Best score among them (Q when the table has one). */
  best: number | null;
  selected: boolean;
  reasons: string[];
}

/** Groups a step's candidates by discrete action. */
export function movesOf(rows: readonly CandidateRow[] | undefined, scoreColumn: string | null, chosen: Action | null | undefined): Move[] {
  const moves = new Map<number, Move>();
  for (const row of rows ?? []) {
    if (typeof row.action !== "number") continue;
    const move = moves.get(row.action) ?? { action: row.action, count: 0, kept: 0, best: null, selected: false, reasons: [] };
    move.count++;
    if (row.filtered === true) {
      if (typeof row.reason === "string" && !move.reasons.includes(row.reason)) move.reasons.push(row.reason);
    } else move.kept++;
    const score = scoreColumn ? row[scoreColumn] : undefined;
    if (typeof score === "number" && (move.best === null || score > move.best)) move.best = score;
    if (row.selected === true) move.selected = true;
    moves.set(row.action, move);
  }
  if (typeof chosen === "number") {
    const move = moves.get(chosen);
    if (move) move.selected = true;
  }
  return [...moves.values()].sort((a, b) => a.action - b.action);
}
