import type { ActionSpace } from "./environment.js";

/** A box action space's bounds, one number per dimension (row-major); ±Infinity where unbounded. */
export interface BoxBounds {
  low: readonly number[];
  high: readonly number[];
}

type BoxSpace = Extract<ActionSpace, { kind: "box" }>;

/** Numbers in one action of a box space: the product of its shape. */
export function boxSize(space: BoxSpace): number {
  return space.shape.reduce((a, b) => a * b, 1);
}

/** The bounds of every dimension, spelled out (a space may give one number for all). */
export function boxBounds(space: BoxSpace): BoxBounds {
  const size = boxSize(space);
  const spread = (bound: number | readonly number[]) => (typeof bound === "number" ? new Array<number>(size).fill(bound) : [...bound]);
  return { low: spread(space.low), high: spread(space.high) };
}

/** `action` with every dimension moved into its bounds. */
export function clipToBounds(action: readonly number[], bounds: BoxBounds): number[] {
  return action.map((x, d) => Math.min(bounds.high[d] ?? Infinity, Math.max(bounds.low[d] ?? -Infinity, x)));
}

/**
 * A box action as a flat vector of `size` finite numbers (a one-dimensional box also takes a bare
 * number), or an error naming the action and what was expected.
 */
export function actionVector(action: unknown, size: number, where: string): number[] {
  const values = typeof action === "number" && size === 1 ? [action] : action;
  if (!Array.isArray(values) || values.length !== size || !values.every((x) => typeof x === "number" && Number.isFinite(x))) {
    throw new Error(`${where}: action ${JSON.stringify(action)} is not a vector of ${size} finite numbers`);
  }
  return values as number[];
}
