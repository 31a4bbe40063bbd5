/**
 * Gymnasium's spaces as the protocol carries them (docs/environment-protocol.md, "Spaces"): reading
 * a declared space, checking a value against it, and flattening a value as
 * `gymnasium.spaces.flatten` does (the `flat` encoding, docs/encodings.md).
 */

import type { JsonValue } from "../../../runtime/environment.js";
import { flattenArray, shapeSize as product, type StructuredSpace } from "../../../runtime/structured-space.js";

export { breach, spaceLabel } from "../../../runtime/structured-space.js";

/** A space as declared on the wire; bounds are flat (row-major), null where unbounded. */
export type Space = StructuredSpace;

/** A declared space that does not follow the protocol; `where` names it (e.g. "observationSpace.spaces[1]"). */
export class SpaceError extends Error {}

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
