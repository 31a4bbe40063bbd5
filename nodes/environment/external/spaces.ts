/**
 * Gymnasium's spaces as the protocol carries them (docs/environment-protocol.md, "Spaces"): reading
 * a declared space, checking a value against it, and flattening a value as
 * `gymnasium.spaces.flatten` does (the `flat` encoding, docs/encodings.md).
 */

import type { JsonValue } from "../../../runtime/environment.js";

/** A space as declared on the wire; bounds are flat (row-major), null where unbounded. */
export type Space =
  | { type: "Discrete"; n: number; start: number }
  | { type: "Box"; shape: number[]; low: (number | null)[]; high: (number | null)[]; dtype: string }
  | { type: "MultiDiscrete"; shape: number[]; nvec: number[]; start: number[] }
  | { type: "MultiBinary"; shape: number[] }
  | { type: "Dict"; spaces: [string, Space][] }
  | { type: "Tuple"; spaces: Space[] };

/** A declared space that does not follow the protocol; `where` names it (e.g. "observationSpace.spaces[1]"). */
export class SpaceError extends Error {}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const isInt = (x: unknown): x is number => Number.isInteger(x);
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** Reads a space description, refusing anything the protocol does not define. */
export function parseSpace(json: unknown, where: string): Space {
  const fail = (why: string): never => {
    throw new SpaceError(`${where}: ${why}`);
  };
  if (!isRecord(json)) return fail(`a space is a JSON object, not ${JSON.stringify(json)}`);
  const shape = (value: unknown): number[] =>
    Array.isArray(value) && value.every((d) => isInt(d) && d >= 0) ? (value as number[]) : fail(`shape must be a list of sizes, not ${JSON.stringify(value)}`);
  const flatList = <T>(value: unknown, size: number, name: string, ok: (x: unknown) => x is T): T[] =>
    Array.isArray(value) && value.length === size && value.every(ok) ? (value as T[]) : fail(`${name} must list ${size} values, row-major`);
  switch (json.type) {
    case "Discrete":
      if (!isInt(json.n) || json.n < 1) fail(`Discrete needs n ≥ 1, not ${JSON.stringify(json.n)}`);
      return { type: "Discrete", n: json.n as number, start: isInt(json.start) ? json.start : 0 };
    case "Box": {
      const s = shape(json.shape);
      const bound = (x: unknown): x is number | null => x === null || typeof x === "number";
      return { type: "Box", shape: s, low: flatList(json.low, product(s), "low", bound), high: flatList(json.high, product(s), "high", bound), dtype: typeof json.dtype === "string" ? json.dtype : "float32" };
    }
    case "MultiDiscrete": {
      const s = shape(json.shape);
      const positive = (x: unknown): x is number => isInt(x) && x >= 1;
      const start = json.start === undefined ? new Array<number>(product(s)).fill(0) : flatList(json.start, product(s), "start", isInt);
      return { type: "MultiDiscrete", shape: s, nvec: flatList(json.nvec, product(s), "nvec", positive), start };
    }
    case "MultiBinary":
      return { type: "MultiBinary", shape: shape(json.shape) };
    case "Dict": {
      if (!Array.isArray(json.spaces)) return fail("Dict lists its spaces as [key, space] pairs, in order");
      return {
        type: "Dict",
        spaces: json.spaces.map((pair, i) =>
          Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string"
            ? ([pair[0], parseSpace(pair[1], `${where}.spaces["${pair[0]}"]`)] as [string, Space])
            : fail(`Dict entry ${i} is not a [key, space] pair`),
        ),
      };
    }
    case "Tuple":
      if (!Array.isArray(json.spaces)) return fail("Tuple lists its spaces");
      return { type: "Tuple", spaces: json.spaces.map((sub, i) => parseSpace(sub, `${where}.spaces[${i}]`)) };
    default:
      return fail(`unknown space type ${JSON.stringify(json.type)}; the protocol has Discrete, Box, MultiDiscrete, MultiBinary, Dict, Tuple`);
  }
}

/** How many numbers `flatten` writes for a value of the space. */
export function flatSize(space: Space): number {
  switch (space.type) {
    case "Discrete":
      return space.n;
    case "Box":
    case "MultiBinary":
      return product(space.shape);
    case "MultiDiscrete":
      return space.nvec.reduce((a, b) => a + b, 0);
    case "Dict":
      return space.spaces.reduce((total, [, sub]) => total + flatSize(sub), 0);
    case "Tuple":
      return space.spaces.reduce((total, sub) => total + flatSize(sub), 0);
  }
}

/** A short name for messages, e.g. `Box(shape [4])`, `Discrete(2)`. */
export function spaceLabel(space: Space): string {
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
 * Why `value` is not a value of `space`, or undefined when it is. Box bounds are not enforced on
 * observations: Gymnasium itself only warns about them, and many environments stray slightly.
 */
export function breach(space: Space, value: JsonValue | undefined, path = ""): string | undefined {
  const at = path === "" ? "" : ` at ${path}`;
  switch (space.type) {
    case "Discrete":
      return isInt(value) && value >= space.start && value < space.start + space.n
        ? undefined
        : `${JSON.stringify(value)}${at} is not an integer in ${space.start}..${space.start + space.n - 1} (${spaceLabel(space)})`;
    case "Box":
    case "MultiBinary":
    case "MultiDiscrete": {
      const flat = flattenArray(value, space.shape);
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
function flattenArray(value: JsonValue | undefined, shape: readonly number[]): JsonValue[] | undefined {
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

/**
 * Writes a value of the space into `out` from `offset`, as `gymnasium.spaces.flatten` does: Box
 * values row-major, Discrete one-hot, MultiDiscrete one one-hot per entry, MultiBinary as 0/1,
 * Dict in its declared key order, Tuple in order. The value must fit the space (see `breach`).
 * Returns the offset after it.
 */
export function flattenInto(space: Space, value: JsonValue | undefined, out: Float32Array, offset: number): number {
  switch (space.type) {
    case "Discrete":
      out[offset + (value as number) - space.start] = 1;
      return offset + space.n;
    case "Box":
    case "MultiBinary": {
      const flat = flattenArray(value, space.shape) as number[];
      out.set(flat, offset);
      return offset + flat.length;
    }
    case "MultiDiscrete": {
      const flat = flattenArray(value, space.shape) as number[];
      let at = offset;
      flat.forEach((x, i) => {
        out[at + x - space.start[i]!] = 1;
        at += space.nvec[i]!;
      });
      return at;
    }
    case "Dict":
      return space.spaces.reduce((at, [key, sub]) => flattenInto(sub, (value as Record<string, JsonValue>)[key], out, at), offset);
    case "Tuple":
      return space.spaces.reduce((at, sub, i) => flattenInto(sub, (value as JsonValue[])[i], out, at), offset);
  }
}

function brief(value: JsonValue | undefined): string {
  const text = JSON.stringify(value) ?? "nothing";
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
