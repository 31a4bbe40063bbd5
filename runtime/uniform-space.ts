/**
 * Uniform draws from a structured action space (MultiDiscrete, Dict, Tuple, …), as Gymnasium's
 * `space.sample()` draws them: discrete parts uniformly; Box parts uniformly between finite bounds,
 * `bound ± Exponential(1)` where only one side is bounded, N(0, 1) where neither is. The uniform
 * policy offers this for such spaces; the sampler and rollout continuations draw from it.
 */

import type { JsonValue } from "../protocol/values.js";
import type { Rng } from "./rng.js";
import { flattenArray, nest, shapeSize, type StructuredSpace } from "./structured-space.js";

/** One value of `space`, drawn with `rng` only (so the run seed fixes it). */
export function drawUniform(space: StructuredSpace, rng: Rng): JsonValue {
  switch (space.type) {
    case "Discrete":
      return space.start + rng.int(space.n);
    case "MultiDiscrete":
      return nest(space.nvec.map((n, i) => space.start[i]! + rng.int(n)), space.shape);
    case "MultiBinary":
      return nest(Array.from({ length: shapeSize(space.shape) }, () => rng.int(2)), space.shape);
    case "Box": {
      const integer = isIntegerDtype(space.dtype);
      return nest(space.low.map((low, i) => boxDraw(low, space.high[i] ?? null, integer, rng)), space.shape);
    }
    case "Dict":
      return Object.fromEntries(space.spaces.map(([key, sub]) => [key, drawUniform(sub, rng)]));
    case "Tuple":
      return space.spaces.map((sub) => drawUniform(sub, rng));
  }
}

/**
 * The value the sampler's greedy row and greedy continuations take: every value of a uniform part
 * is equally likely, so ties go to the first (a discrete part's start) and a box part takes its
 * density's mode (0 unbounded, the bound when half-bounded, the centre between finite bounds).
 */
export function modeOfUniform(space: StructuredSpace): JsonValue {
  switch (space.type) {
    case "Discrete":
      return space.start;
    case "MultiDiscrete":
      return nest(space.start, space.shape);
    case "MultiBinary":
      return nest(new Array<number>(shapeSize(space.shape)).fill(0), space.shape);
    case "Box": {
      const integer = isIntegerDtype(space.dtype);
      return nest(
        space.low.map((low, i) => {
          const high = space.high[i] ?? null;
          const mode = low !== null && high !== null ? (low + high) / 2 : (low ?? high ?? 0);
          return integer ? Math.floor(mode) : mode;
        }),
        space.shape,
      );
    }
    case "Dict":
      return Object.fromEntries(space.spaces.map(([key, sub]) => [key, modeOfUniform(sub)]));
    case "Tuple":
      return space.spaces.map(modeOfUniform);
  }
}

/** The log-probability (log-density for float box parts) of `value` under the uniform draw; the value must fit the space. */
export function uniformLogp(space: StructuredSpace, value: JsonValue | undefined): number {
  switch (space.type) {
    case "Discrete":
      return -Math.log(space.n);
    case "MultiDiscrete":
      return -space.nvec.reduce((sum, n) => sum + Math.log(n), 0);
    case "MultiBinary":
      return -shapeSize(space.shape) * Math.log(2);
    case "Box": {
      const flat = (flattenArray(value, space.shape) ?? []) as number[];
      const integer = isIntegerDtype(space.dtype);
      return space.low.reduce<number>((sum, low, i) => sum + boxLogp(low, space.high[i] ?? null, flat[i] ?? 0, integer), 0);
    }
    case "Dict":
      return space.spaces.reduce((sum, [key, sub]) => sum + uniformLogp(sub, (value as Record<string, JsonValue> | undefined)?.[key]), 0);
    case "Tuple":
      return space.spaces.reduce((sum, sub, i) => sum + uniformLogp(sub, (value as JsonValue[] | undefined)?.[i]), 0);
  }
}

function isIntegerDtype(dtype: string): boolean {
  return /^u?int/.test(dtype);
}

function boxDraw(low: number | null, high: number | null, integer: boolean, rng: Rng): number {
  if (low !== null && high !== null) return integer ? low + rng.int(high - low + 1) : low + (high - low) * rng.float();
  const x = low !== null ? low + exponential(rng) : high !== null ? high - exponential(rng) : rng.normal();
  return integer ? Math.floor(x) : x;
}

function boxLogp(low: number | null, high: number | null, x: number, integer: boolean): number {
  if (low !== null && high !== null) return -Math.log(integer ? high - low + 1 : high - low || 1);
  if (low !== null) return -(x - low);
  if (high !== null) return -(high - x);
  return -0.5 * x * x - 0.5 * Math.log(2 * Math.PI);
}

function exponential(rng: Rng): number {
  return -Math.log(1 - rng.float());
}
