import type { Action, JsonValue } from "../../../protocol/index.js";
import { candidateMarks } from "../candidate-marks.js";
import type { CandidateView } from "../scene-view.js";

/** A candidate force as the view draws it: an arrow from the mass. */
export interface ForceArrow {
  fx: number;
  fy: number;
  kind: "force" | "filtered" | "chosen";
  title: string;
}

/** [fx, fy] of a two-number action, else null. */
export function forceOf(action: Action | null | undefined): [number, number] | null {
  return Array.isArray(action) && action.length === 2 && typeof action[0] === "number" && typeof action[1] === "number" ? [action[0], action[1]] : null;
}

/** The mass's position, the first two numbers of a point-mass observation. */
export function positionOf(observation: JsonValue | undefined): [number, number] | null {
  return Array.isArray(observation) && typeof observation[0] === "number" && typeof observation[1] === "number" ? [observation[0], observation[1]] : null;
}

/** One arrow per candidate force; the chosen one last, so it is drawn on top. */
export function forceArrows(candidates: readonly CandidateView[], chosen: Action | null | undefined): ForceArrow[] {
  const marks = candidateMarks(
    candidates,
    chosen,
    forceOf,
    (a, b) => a[0] === b[0] && a[1] === b[1],
    ([fx, fy]) => `force (${fx.toFixed(2)}, ${fy.toFixed(2)})`,
  );
  return marks.map(({ value: [fx, fy], kind, title }) => ({ fx, fy, kind: kind === "candidate" ? "force" : kind, title }));
}
