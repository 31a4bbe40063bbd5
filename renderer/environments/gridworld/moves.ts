import type { Action } from "../../../protocol/index.js";
import type { CandidateView } from "../scene-view.js";

/** The candidates that propose one action, summed up for its arrow. */
export interface Move {
  action: number;
  count: number;
  /** Candidates of this action the filter left. */
  kept: number;
  /** Best score among them (the table's score column). */
  best: number | null;
  selected: boolean;
  reasons: string[];
}

/** Groups a step's candidates by discrete action. */
export function movesOf(candidates: readonly CandidateView[], chosen: Action | null | undefined): Move[] {
  const moves = new Map<number, Move>();
  for (const candidate of candidates) {
    if (typeof candidate.action !== "number") continue;
    const move = moves.get(candidate.action) ?? { action: candidate.action, count: 0, kept: 0, best: null, selected: false, reasons: [] };
    move.count++;
    if (candidate.excluded) {
      if (candidate.reason && !move.reasons.includes(candidate.reason)) move.reasons.push(candidate.reason);
    } else move.kept++;
    if (candidate.score !== null && (move.best === null || candidate.score > move.best)) move.best = candidate.score;
    if (candidate.chosen) move.selected = true;
    moves.set(candidate.action, move);
  }
  if (typeof chosen === "number") {
    const move = moves.get(chosen);
    if (move) move.selected = true;
  }
  return [...moves.values()].sort((a, b) => a.action - b.action);
}
