import type { Action } from "../../../protocol/index.js";
import type { CandidateView } from "../scene-view.js";

/** What a step's candidates say about one action: drawn on the page element it acts on. */
export interface Mark {
  count: number;
  /** Best score among its candidates (the table's score column). */
  best: number | null;
  /** Every candidate of it was filtered. */
  excluded: boolean;
  chosen: boolean;
}

/** The step's candidates grouped by action text (the shop's actions are canonical strings, so equal text is the same action). */
export function marksOf(candidates: readonly CandidateView[], chosen: Action | null | undefined): Map<string, Mark> {
  const marks = new Map<string, Mark>();
  for (const candidate of candidates) {
    if (typeof candidate.action !== "string") continue;
    const mark = marks.get(candidate.action) ?? { count: 0, best: null, excluded: true, chosen: false };
    mark.count++;
    if (!candidate.excluded) mark.excluded = false;
    if (candidate.score !== null && (mark.best === null || candidate.score > mark.best)) mark.best = candidate.score;
    if (candidate.chosen) mark.chosen = true;
    marks.set(candidate.action, mark);
  }
  if (typeof chosen === "string") {
    const mark = marks.get(chosen);
    if (mark) mark.chosen = true;
    else marks.set(chosen, { count: 0, best: null, excluded: false, chosen: true });
  }
  return marks;
}

/** Class names for an element that `mark` is about. */
export function markClass(mark: Mark | undefined): string {
  if (!mark) return "";
  return ["candidate", mark.chosen ? "chosen" : "", mark.excluded ? "excluded" : ""].filter(Boolean).join(" ");
}

/** "2 candidates, best 0.98, chosen" — what a screen reader hears and a tooltip shows. */
export function markText(mark: Mark | undefined): string | undefined {
  if (!mark) return undefined;
  const parts = [mark.count === 1 ? "1 candidate" : `${mark.count} candidates`];
  if (mark.best !== null) parts.push(`best ${formatScore(mark.best)}`);
  if (mark.excluded) parts.push("filtered");
  if (mark.chosen) parts.push("chosen");
  return parts.join(", ");
}

export function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(3);
}
