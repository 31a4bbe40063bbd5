import { jsonPointer } from "./pointer.js";

/** A `--set` that could not be applied, with the reason. */
export class OverrideError extends Error {}

/** The value of `--set a.b=value`: JSON when it parses (numbers, booleans, arrays), else the raw text. */
export function overrideValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Keys that lead from an object to its prototype (or its constructor's): an override never walks them. */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let object = target;
  for (const key of path.slice(0, -1)) {
    // Own properties only: an inherited one (a method of Object.prototype) is not part of the file.
    const next = Object.hasOwn(object, key) ? object[key] : undefined;
    // null is a param turned off (`"keepTopK": null`): setting a field of it turns it on with that field.
    if (next === undefined || next === null) object[key] = {};
    else if (typeof next !== "object" || Array.isArray(next)) throw new OverrideError(`"${key}" is ${JSON.stringify(next)}, not an object with fields`);
    object = object[key] as Record<string, unknown>;
  }
  object[path.at(-1)!] = value;
}

/** Where `--set a.b.c=value` writes: the node id (or `run`) and the field's path within its params. */
export function overrideTarget(set: string): { id: string; field: string[] } {
  const eq = set.indexOf("=");
  const path = eq > 0 ? set.slice(0, eq).split(".") : [];
  const [id = "", ...field] = path;
  return { id, field };
}

/**
 * Applies `--set nodeId.param=value` (nested: `nodeId.a.b=value`; run settings: `run.seed=3`)
 * to a parsed pipeline document, returning a new document. Params are checked afterwards by
 * validation, which names the node and field.
 */
export function applyOverrides(doc: Record<string, unknown>, sets: readonly string[]): Record<string, unknown> {
  const copy = structuredClone(doc);
  const nodes = Array.isArray(copy["nodes"]) ? (copy["nodes"] as Record<string, unknown>[]) : [];
  for (const set of sets) {
    const { id: target, field } = overrideTarget(set);
    const path = [target, ...field];
    if (field.length === 0 || path.some((p) => p === "")) {
      throw new OverrideError(`--set ${set}: expected nodeId.param=value (or run.setting=value)`);
    }
    const forbidden = path.find((p) => PROTOTYPE_KEYS.has(p));
    if (forbidden) throw new OverrideError(`--set ${set}: "${forbidden}" is not a setting (it would reach an object's prototype)`);
    const value = overrideValue(set.slice(set.indexOf("=") + 1));
    const node = nodes.find((n) => n["id"] === target);
    try {
      if (node) setPath((node["params"] ??= {}) as Record<string, unknown>, field, value);
      else if (target === "run") setPath((copy["run"] ??= {}) as Record<string, unknown>, field, value);
      else throw new OverrideError(`no node "${target}" (nodes: ${nodes.map((n) => String(n["id"])).join(", ")})`);
    } catch (error) {
      throw new OverrideError(`--set ${set}: ${(error as Error).message}`);
    }
  }
  return copy;
}

/**
 * The `--set` behind a validation problem at `pointer` in `doc` (the file as read), if any: the one
 * that wrote there, inside it or around it, or beside it where the file has nothing (`model.path`,
 * required once `--set rollout.model.kind=onnx` switched the variant), within the node's params or
 * the run settings. The pointer names the file, whose own value may be fine.
 */
export function overrideBehind(doc: Record<string, unknown>, sets: readonly string[], pointer: string): string | undefined {
  const nodes = Array.isArray(doc["nodes"]) ? (doc["nodes"] as Record<string, unknown>[]) : [];
  return sets.findLast((set) => {
    const { id, field } = overrideTarget(set);
    const index = nodes.findIndex((node) => node["id"] === id);
    const base = index >= 0 ? ["nodes", index, "params"] : ["run"];
    const written = jsonPointer([...base, ...field]);
    // A problem with the params as a whole (an environment that cannot be built from them) may be the --set's doing too.
    const within = pointer === jsonPointer(base) || pointer.startsWith(jsonPointer(base) + "/");
    return within && (pointer === written || pointer.startsWith(written + "/") || written.startsWith(pointer + "/") || newBeside(doc, [...base, ...field], pointer));
  });
}

/** Whether `pointer` names a sibling of `written` (a path) that `doc` does not have: the --set's variant asked for it. */
function newBeside(doc: Record<string, unknown>, written: readonly PropertyKey[], pointer: string): boolean {
  const parent = written.slice(0, -1);
  const prefix = jsonPointer(parent) + "/";
  if (written.length === 0 || !pointer.startsWith(prefix)) return false;
  const sibling = pointer.slice(prefix.length).split("/")[0]!.replace(/~1/g, "/").replace(/~0/g, "~");
  const owner = [...parent].reduce<unknown>((value, key) => (typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined), doc);
  return typeof owner !== "object" || owner === null || !Object.hasOwn(owner, sibling);
}
