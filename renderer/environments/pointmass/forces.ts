import type { Action, JsonValue } from "../../../protocol/index.js";
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
  const chosenForce = forceOf(chosen);
  const arrows = candidates.flatMap((candidate): ForceArrow[] => {
    const force = forceOf(candidate.action);
    if (!force) return [];
    const isChosen = candidate.chosen || (chosenForce !== null && force[0] === chosenForce[0] && force[1] === chosenForce[1]);
    const kind = isChosen ? "chosen" : candidate.excluded ? "filtered" : "force";
    const score = candidate.score === null ? "–" : candidate.score.toFixed(3);
    const title = `force (${force[0].toFixed(2)}, ${force[1].toFixed(2)}), score ${score}${candidate.reason ? `, filtered: ${candidate.reason}` : ""}${isChosen ? " (chosen)" : ""}`;
    return [{ fx: force[0], fy: force[1], kind, title }];
  });
  return [...arrows.filter((a) => a.kind !== "chosen"), ...arrows.filter((a) => a.kind === "chosen")];
}
