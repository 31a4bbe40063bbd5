import type { Action, ActionSpace, JsonValue } from "../../../runtime/environment.js";
import { spaceLabel, type Space } from "./spaces.js";

/**
 * Foresight's action space for a declared one. Policies and samplers take discrete actions 0..n−1
 * and flat box vectors, so only Discrete and Box action spaces are offered; others are refused
 * naming the space (MultiDiscrete, Dict and Tuple actions are not supported yet).
 */
export function actionSpaceOf(space: Space, labels: readonly string[] | undefined): ActionSpace {
  if (space.type === "Discrete") {
    const names = labels?.length === space.n ? labels : Array.from({ length: space.n }, (_, i) => String(space.start + i));
    return { kind: "discrete", n: space.n, labels: names };
  }
  if (space.type === "Box") {
    return { kind: "box", shape: space.shape, low: space.low.map((x) => x ?? -Infinity), high: space.high.map((x) => x ?? Infinity) };
  }
  throw new Error(`its action space ${spaceLabel(space)} is not supported: Foresight's policies take Discrete or Box actions`);
}

/**
 * The wire value of a Foresight action: a discrete index shifted by the space's start, a box vector
 * reshaped and clipped to the bounds (samplers draw unbounded Gaussians; Stable-Baselines3 clips the
 * same way). Throws naming the action when it cannot be one of the space's.
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
    if (!Array.isArray(values) || values.length !== size || !values.every((x) => Number.isFinite(x))) {
      throw new Error(`action ${JSON.stringify(action)} is outside the action space ${spaceLabel(space)}: it takes ${size} finite numbers`);
    }
    const clipped = values.map((x, i) => Math.min(space.high[i] ?? Infinity, Math.max(space.low[i] ?? -Infinity, x)));
    return reshape(clipped, space.shape);
  }
  throw new Error(`action ${JSON.stringify(action)} cannot be sent: the action space ${spaceLabel(space)} is not supported`);
}

function reshape(flat: number[], shape: readonly number[]): JsonValue {
  if (shape.length <= 1) return shape.length === 0 ? flat[0]! : flat;
  const [first, ...rest] = shape;
  const stride = flat.length / first!;
  return Array.from({ length: first! }, (_, i) => reshape(flat.slice(i * stride, (i + 1) * stride), rest));
}
