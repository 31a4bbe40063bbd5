import type { z } from "zod";
import { didYouMean } from "./closest-name.js";
import { jsonPointer } from "./pointer.js";
import type { Problem, ProblemCode } from "./problem.js";

/** A key the schema does not declare, where it stands, and the keys declared there. */
export interface UnknownKey {
  path: PropertyKey[];
  key: string;
  known: string[];
}

type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The keys in `value` that `schema` does not declare. zod drops such keys without a word, so a
 * misspelt param (`--set sampler.nn=8`) would leave the run as it was: validation reports them
 * instead. Walks objects, arrays, tuples, records, wrappers and the union option that parses the
 * value; stops at anything else (an object with a catch-all takes every key). Reads zod's definitions
 * (`schema._zod.def`, zod 4's interface for tools), so a plug-in kind's own zod copy works too.
 */
export function unknownKeys(schema: z.ZodType, value: unknown): UnknownKey[] {
  const found: UnknownKey[] = [];
  walk(schema, value, [], found);
  return found;
}

function walk(schema: unknown, value: unknown, path: PropertyKey[], found: UnknownKey[]): void {
  const def = defOf(schema);
  if (!def || value === undefined || value === null) return;
  // Wrappers (default, prefault, optional, nullable, readonly, catch, nonoptional) hold the schema that reads the value.
  if (def["innerType"] !== undefined) return walk(def["innerType"], value, path, found);
  switch (def.type) {
    case "lazy":
      return walk((def["getter"] as () => unknown)(), value, path, found);
    case "pipe":
      return walk(def["in"], value, path, found);
    case "union": {
      const option = (def["options"] as z.ZodType[]).find((candidate) => candidate.safeParse(value).success);
      return walk(option, value, path, found);
    }
    case "array":
      if (Array.isArray(value)) value.forEach((item, i) => walk(def["element"], item, [...path, i], found));
      return;
    case "tuple":
      if (Array.isArray(value)) (def["items"] as unknown[]).forEach((item, i) => walk(item, value[i], [...path, i], found));
      return;
    case "record":
      if (isPlainObject(value)) for (const [key, item] of Object.entries(value)) walk(def["valueType"], item, [...path, key], found);
      return;
    case "object": {
      if (!isPlainObject(value)) return;
      const shape = def["shape"] as Record<string, unknown>;
      // A catch-all takes every key, or (`never`, a strict object) makes zod report them itself.
      const checked = def["catchall"] === undefined;
      for (const [key, item] of Object.entries(value)) {
        if (Object.hasOwn(shape, key)) walk(shape[key], item, [...path, key], found);
        else if (checked) found.push({ path: [...path, key], key, known: Object.keys(shape) });
      }
    }
  }
}

/**
 * Problems for the keys `unknownKeys` finds, at `base` in the document: `unknown param "nn" (a
 * "sampler" node's params: n, temperature, …). Did you mean "n"?`.
 */
export function unknownKeyProblems(
  schema: z.ZodType,
  value: unknown,
  place: { base: readonly PropertyKey[]; code: ProblemCode; what: "field" | "param"; owner: string; nodeId?: string },
): Problem[] {
  return unknownKeys(schema, value).map(({ path, key, known }) => {
    const parent = path.slice(0, -1).map(String).join(".");
    const subject = parent ? `unknown ${place.what} "${key}" in ${parent}` : `unknown ${place.what} "${key}"`;
    const there = parent ? `the ${place.what}s there` : `${place.owner}'s ${place.what}s`;
    return {
      code: place.code,
      pointer: jsonPointer([...place.base, ...path]),
      ...(place.nodeId ? { nodeId: place.nodeId } : {}),
      message: `${subject} (${there}: ${known.join(", ") || "none"})${didYouMean(key, known)}`,
    };
  });
}
