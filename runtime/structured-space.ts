/**
 * Gymnasium's spaces as Foresight holds them (docs/environment-protocol.md, "Spaces"): the shape of
 * an external environment's observations, and of its actions when they are not a plain Discrete or
 * Box (then the action space is `{ kind: "structured" }`). Checking a value against a space lives
 * here so validation (a risk filter's safe action) and the environment agree on what fits.
 */

import type { JsonValue } from "../protocol/values.js";

/** A space; bounds are flat (row-major), null where unbounded. */
export type StructuredSpace =
  | { type: "Discrete"; n: number; start: number }
  | { type: "Box"; shape: number[]; low: (number | null)[]; high: (number | null)[]; dtype: string }
  | { type: "MultiDiscrete"; shape: number[]; nvec: number[]; start: number[] }
  | { type: "MultiBinary"; shape: number[] }
  | { type: "Dict"; spaces: [string, StructuredSpace][] }
  | { type: "Tuple"; spaces: StructuredSpace[] };

const isInt = (x: unknown): x is number => Number.isInteger(x);
const isRecord = (x: unknown): x is Record<string, JsonValue> => typeof x === "object" && x !== null && !Array.isArray(x);

/** Numbers in one value of a shape: the product of its sizes. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A short name for messages, e.g. `Box(shape [4])`, `Discrete(2)`. */
export function spaceLabel(space: StructuredSpace): string {
  switch (space.type) {
    case "Discrete":
      return space.start === 0 ? `Discrete(${space.n})` : `Discrete(${space.n}, start ${space.start})`;
    case "Box":
      return `Box(shape [${space.shape.join(", ")}])`;
    case "MultiDiscrete":
      return `MultiDiscrete([${space.nvec.join(", ")}])`;
    case "MultiBinary":
      return `MultiBinary([${space.shape.join(", ")}])`;
    case "Dict":
      return `Dict(${space.spaces.map(([key, sub]) => `${key}: ${spaceLabel(sub)}`).join(", ")})`;
    case "Tuple":
      return `Tuple(${space.spaces.map(spaceLabel).join(", ")})`;
  }
}

/**
 * Why `value` is not a value of `space`, or undefined when it is; `path` names the part at fault
 * (`.mode`, `[1]`). Box bounds are not enforced: Gymnasium only warns about observations outside
 * them, and box actions are clipped to them when sent (as for a plain Box action space).
 */
export function breach(space: StructuredSpace, value: JsonValue | undefined, path = ""): string | undefined {
  const at = path === "" ? "" : ` at ${path}`;
  switch (space.type) {
    case "Discrete":
      return isInt(value) && value >= space.start && value < space.start + space.n
        ? undefined
        : `${brief(value)}${at} is not an integer in ${space.start}..${space.start + space.n - 1} (${spaceLabel(space)})`;
    case "Box":
    case "MultiBinary":
    case "MultiDiscrete": {
      // A flat shape's value is its own flattening: no copy of every observation an external environment sends.
      const flat = space.shape.length === 1 && Array.isArray(value) && value.length === space.shape[0] ? value : flattenArray(value, space.shape);
      if (flat === undefined) return `${brief(value)}${at} is not an array of shape [${space.shape.join(", ")}] (${spaceLabel(space)})`;
      for (let i = 0; i < flat.length; i++) {
        const x = flat[i];
        if (typeof x !== "number") return `element ${i}${at} is ${JSON.stringify(x)}, not a number (${spaceLabel(space)})`;
        if (space.type === "MultiBinary" && x !== 0 && x !== 1) return `element ${i}${at} is ${x}, not 0 or 1 (${spaceLabel(space)})`;
        if (space.type === "MultiDiscrete" && !(isInt(x) && x >= space.start[i]! && x < space.start[i]! + space.nvec[i]!)) {
          return `element ${i}${at} is ${x}, not an integer in ${space.start[i]}..${space.start[i]! + space.nvec[i]! - 1} (${spaceLabel(space)})`;
        }
      }
      return undefined;
    }
    case "Dict": {
      if (!isRecord(value)) return `${brief(value)}${at} is not an object with keys ${space.spaces.map(([k]) => k).join(", ")}`;
      for (const [key, sub] of space.spaces) {
        const problem = breach(sub, value[key], `${path}.${key}`);
        if (problem) return problem;
      }
      return undefined;
    }
    case "Tuple": {
      if (!Array.isArray(value) || value.length !== space.spaces.length) return `${brief(value)}${at} is not a list of ${space.spaces.length} values (${spaceLabel(space)})`;
      for (let i = 0; i < space.spaces.length; i++) {
        const problem = breach(space.spaces[i]!, value[i], `${path}[${i}]`);
        if (problem) return problem;
      }
      return undefined;
    }
  }
}

/** The nested array's values row-major, or undefined when its nesting does not match `shape`. */
export function flattenArray(value: JsonValue | undefined, shape: readonly number[]): JsonValue[] | undefined {
  if (shape.length === 0) return value === undefined || Array.isArray(value) ? undefined : [value];
  const out: JsonValue[] = [];
  const walk = (node: JsonValue | undefined, depth: number): boolean => {
    if (!Array.isArray(node) || node.length !== shape[depth]) return false;
    if (depth === shape.length - 1) {
      for (const x of node) out.push(x);
      return true;
    }
    return node.every((child) => walk(child, depth + 1));
  };
  return walk(value, 0) ? out : undefined;
}

/** Flat values laid out in `shape` as nested lists (a bare value for shape []). */
export function nest<T extends JsonValue>(flat: readonly T[], shape: readonly number[]): JsonValue {
  if (shape.length <= 1) return shape.length === 0 ? flat[0]! : [...flat];
  const [first, ...rest] = shape;
  const stride = flat.length / first!;
  return Array.from({ length: first! }, (_, i) => nest(flat.slice(i * stride, (i + 1) * stride), rest));
}

function brief(value: JsonValue | undefined): string {
  const text = JSON.stringify(value) ?? "nothing";
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
