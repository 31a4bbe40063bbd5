import type { Action, JsonValue } from "../../../protocol/index.js";
import type { CandidateMark } from "../candidate-marks.js";
import { numbersOf } from "../scene-view.js";

/** The cart and pole from a CartPole observation [x, ẋ, θ, θ̇] (θ = 0 upright, positive leaning right), else null. */
export function cartOf(observation: JsonValue | undefined): { x: number; theta: number } | null {
  const values = numbersOf(observation, 4);
  return values && { x: values[0]!, theta: values[2]! };
}

/** CartPole's two pushes: 0 left, 1 right. */
export function pushOf(action: Action | null | undefined): 0 | 1 | null {
  return action === 0 || action === 1 ? action : null;
}

export const PUSH_NAMES = ["push left", "push right"] as const;

/** How a push's arrow is drawn, by the strongest of its candidates' marks. */
const STRENGTH = { filtered: 0, candidate: 1, chosen: 2 } as const;

/**
 * One mark per push (a sampler may draw each several times): the chosen one's, else an unfiltered
 * one's, else a filtered one's; its title lists every candidate of that push.
 */
export function pushMarks(marks: readonly CandidateMark<0 | 1>[]): CandidateMark<0 | 1>[] {
  return ([0, 1] as const).flatMap((push) => {
    const same = marks.filter((mark) => mark.value === push);
    if (same.length === 0) return [];
    const strongest = same.reduce((best, mark) => (STRENGTH[mark.kind] > STRENGTH[best.kind] ? mark : best));
    const title = same.length === 1 ? strongest.title : `${same.length} candidates: ${same.map((mark) => mark.title).join("; ")}`;
    return [{ ...strongest, title }];
  });
}
