import type { Action, JsonValue } from "../../../protocol/index.js";
import { numbersOf } from "../scene-view.js";

/** Gymnasium's hill: the track's height at position x (MountainCar's `_height`). */
export function hillHeight(x: number): number {
  return Math.sin(3 * x) * 0.45 + 0.55;
}

/** The car's position and velocity from a MountainCar observation [position, velocity], else null. */
export function carOf(observation: JsonValue | undefined): { x: number; v: number } | null {
  const values = numbersOf(observation, 2);
  return values && { x: values[0]!, v: values[1]! };
}

/** A push as the view draws it: its signed strength in [−1, 1] and its name. */
export interface Push {
  strength: number;
  name: string;
}

const DISCRETE_PUSHES = ["push left", "no push", "push right"] as const;

/** A discrete action 0 / 1 / 2 (MountainCar-v0: left, none, right) or a force `[u]` (MountainCarContinuous-v0), else null. */
export function pushOf(action: Action | null | undefined): Push | null {
  if (action === 0 || action === 1 || action === 2) return { strength: action - 1, name: DISCRETE_PUSHES[action] };
  if (Array.isArray(action) && action.length === 1 && typeof action[0] === "number") return { strength: Math.max(-1, Math.min(1, action[0])), name: `force ${action[0].toFixed(2)}` };
  return null;
}
