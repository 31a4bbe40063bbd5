import type { Action } from "../../protocol/index.js";
import type { CandidateView } from "./scene-view.js";

/** A candidate as a scene view marks it: what the view reads of its action, how to draw it, and its tooltip. */
export interface CandidateMark<T> {
  value: T;
  kind: "candidate" | "filtered" | "chosen";
  title: string;
}

/**
 * One mark per candidate whose action the view can read (`read`), the chosen one last so it is
 * drawn on top. A candidate is the chosen one when the step says so or its action reads the same as
 * the executed one; its title says what it is (`describe`), its score and why it was filtered.
 */
export function candidateMarks<T>(
  candidates: readonly CandidateView[],
  chosen: Action | null | undefined,
  read: (action: Action | null | undefined) => T | null,
  same: (a: T, b: T) => boolean,
  describe: (value: T) => string,
): CandidateMark<T>[] {
  const executed = read(chosen);
  const marks = candidates.flatMap((candidate): CandidateMark<T>[] => {
    const value = read(candidate.action);
    if (value === null) return [];
    const isChosen = candidate.chosen || (executed !== null && same(value, executed));
    const kind = isChosen ? "chosen" : candidate.excluded ? "filtered" : "candidate";
    const score = candidate.score === null ? "–" : candidate.score.toFixed(3);
    const title = `${describe(value)}, score ${score}${candidate.reason ? `, filtered: ${candidate.reason}` : ""}${isChosen ? " (chosen)" : ""}`;
    return [{ value, kind, title }];
  });
  return [...marks.filter((m) => m.kind !== "chosen"), ...marks.filter((m) => m.kind === "chosen")];
}
