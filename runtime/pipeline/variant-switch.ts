import type { z } from "zod";
import { overrideTarget } from "./overrides.js";
import { unknownKeys } from "./unknown-keys.js";

type Doc = Record<string, unknown>;

/** A param dropped because an override switched its node to a variant without it, as `env.g`. */
export type DroppedParam = string;

const isObject = (value: unknown): value is Record<PropertyKey, unknown> => typeof value === "object" && value !== null;

/**
 * Removes the params an override switched away from: `--set env.name=gymnasium` on a built-in
 * Pendulum leaves its `g` and `maxEpisodeSteps`, which the Gymnasium variant does not declare, so
 * validation would refuse the switch as two unknown params. A key is dropped when the file's
 * params declared it (it was no unknown key before the overrides), the overridden params do not,
 * and no `--set` wrote it or inside it: a misspelt `--set` (`sampler.nn=8`) or a typo already in the
 * file stays a problem. `overridden` is changed in place; the dropped keys are returned, to be said.
 */
export function dropSwitchedVariantParams(
  original: Doc,
  overridden: Doc,
  sets: readonly string[],
  paramsSchemaOf: (kind: string) => z.ZodType | undefined,
): DroppedParam[] {
  const written = sets.map(overrideTarget);
  const dropped: DroppedParam[] = [];
  const nodesOf = (doc: Doc) => (Array.isArray(doc["nodes"]) ? (doc["nodes"] as unknown[]) : []);
  const before = nodesOf(original);
  nodesOf(overridden).forEach((node, index) => {
    if (!isObject(node) || typeof node["id"] !== "string" || typeof node["kind"] !== "string") return;
    const id = node["id"];
    const paths = written.filter((target) => target.id === id).map((target) => target.field.join("."));
    const schema = paths.length > 0 ? paramsSchemaOf(node["kind"]) : undefined;
    if (!schema || !isObject(node["params"])) return;
    const previous = before[index];
    const wasUnknown = new Set(unknownKeys(schema, isObject(previous) ? previous["params"] : undefined).map((key) => key.path.join(".")));
    for (const { path } of unknownKeys(schema, node["params"])) {
      const at = path.join(".");
      const touched = paths.some((set) => set === at || set.startsWith(at + ".") || at.startsWith(set + "."));
      if (wasUnknown.has(at) || touched) continue;
      const parent = path.slice(0, -1).reduce<unknown>((object, key) => (isObject(object) ? object[key] : undefined), node["params"]);
      if (isObject(parent)) delete parent[path.at(-1)!];
      dropped.push(`${id}.${at}`);
    }
  });
  return dropped;
}
