import type { Action, ActionSpace, JsonValue } from "../../../runtime/environment.js";
import { breach, flattenArray, nest, spaceLabel, type StructuredSpace } from "../../../runtime/structured-space.js";
import type { Space } from "./spaces.js";

/**
 * Foresight's action space for a declared one: Discrete as indices 0..n−1 (with the environment's
 * labels), Box as flat vectors (what Gaussian policies draw), and anything else (MultiDiscrete,
 * MultiBinary, Dict, Tuple) as a structured space whose actions are written as the environment
 * takes them — lists and objects (docs/environment-protocol.md, "Structured actions").
 */
export function actionSpaceOf(space: Space, labels: readonly string[] | undefined): ActionSpace {
  if (space.type === "Discrete") {
    const names = labels?.length === space.n ? labels : Array.from({ length: space.n }, (_, i) => String(space.start + i));
    return { kind: "discrete", n: space.n, labels: names };
  }
  if (space.type === "Box") {
    return { kind: "box", shape: space.shape, low: space.low.map((x) => x ?? -Infinity), high: space.high.map((x) => x ?? Infinity) };
  }
  return { kind: "structured", space };
}

/**
 * The wire value of a Foresight action: a discrete index shifted by the space's start, a box vector
 * reshaped and clipped to the bounds (samplers draw unbounded Gaussians; Stable-Baselines3 clips the
 * same way), a structured action as it is, its box parts clipped likewise. Throws naming the action
 * when it cannot be one of the space's.
 */
export function wireAction(space: Space, action: Action): JsonValue {
  if (space.type === "Discrete") {
    if (!Number.isInteger(action) || (action as number) < 0 || (action as number) >= space.n) {
      throw new Error(`action ${JSON.stringify(action)} is outside the action space ${spaceLabel(space)}: actions are 0..${space.n - 1}`);
    }
    return (action as number) + space.start;
  }
  if (space.type === "Box") {
    const size = space.low.length;
    const values = typeof action === "number" && size === 1 ? [action] : action;
    if (!Array.isArray(values) || values.length !== size || !values.every((x) => typeof x === "number" && Number.isFinite(x))) {
      throw new Error(`action ${JSON.stringify(action)} is outside the action space ${spaceLabel(space)}: it takes ${size} finite numbers`);
    }
    return nest(clip(space, values as number[]), space.shape);
  }
  const problem = breach(space, action);
  if (problem) throw new Error(`action ${brief(action)} is outside the action space ${spaceLabel(space)}: ${problem}`);
  return clipBoxes(space, action);
}

/** A structured action with each Box part clipped to its bounds (the rest is already checked to fit). */
function clipBoxes(space: StructuredSpace, value: JsonValue): JsonValue {
  switch (space.type) {
    case "Box": {
      const flat = flattenArray(value, space.shape) as number[];
      if (!flat.every(Number.isFinite)) throw new Error(`action part ${brief(value)} holds a number that is not finite (${spaceLabel(space)})`);
      return nest(clip(space, flat), space.shape);
    }
    case "Dict":
      return Object.fromEntries(space.spaces.map(([key, sub]) => [key, clipBoxes(sub, (value as Record<string, JsonValue>)[key]!)]));
    case "Tuple":
      return space.spaces.map((sub, i) => clipBoxes(sub, (value as JsonValue[])[i]!));
    default:
      return value;
  }
}

function clip(space: Extract<Space, { type: "Box" }>, values: readonly number[]): number[] {
  return values.map((x, i) => Math.min(space.high[i] ?? Infinity, Math.max(space.low[i] ?? -Infinity, x)));
}

function brief(value: JsonValue | undefined): string {
  const text = JSON.stringify(value) ?? "nothing";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
