import { writeFileAtomic } from "../atomic-file.js";

/** Key order of the file's objects; keys not listed follow in alphabetical order. */
const KEY_ORDER: Record<string, readonly string[]> = {
  pipeline: ["$schema", "format", "version", "name", "description", "baseDir", "run", "nodes", "edges", "notes", "groups"],
  run: ["episodes", "seed", "maxSteps", "onNodeError", "trace", "lockstep"],
  node: ["id", "kind", "title", "params", "position"],
  edge: ["from", "to"],
  position: ["x", "y"],
  note: ["id", "text", "position", "size"],
  size: ["width", "height"],
  group: ["id", "name", "colour", "nodes"],
};

function ordered(value: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const known = order.filter((k) => k in value);
  const rest = Object.keys(value)
    .filter((k) => !order.includes(k))
    .sort();
  return Object.fromEntries([...known, ...rest].map((k) => [k, value[k]]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A list item in key order; one that is not an object (validation reports it) is written as it is. */
function orderedObject(value: unknown, order: readonly string[]): Record<string, unknown> {
  return (isObject(value) ? ordered(value, order) : value) as Record<string, unknown>;
}

/** Params keep their own order (the kind's schema order as editors write it); nested objects sort alphabetically. */
function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortedDeep((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * The stable text of a pipeline file: fixed key order, 2-space indent, final newline,
 * so that saving twice gives identical bytes and git diffs show only real changes.
 */
export function formatPipeline(doc: Record<string, unknown>): string {
  const top = ordered(doc, KEY_ORDER.pipeline!);
  if (top["run"] && typeof top["run"] === "object") top["run"] = ordered(top["run"] as Record<string, unknown>, KEY_ORDER.run!);
  if (Array.isArray(top["nodes"])) {
    top["nodes"] = top["nodes"].map((node: unknown) => {
      if (!isObject(node)) return node;
      const out = ordered(node, KEY_ORDER.node!);
      if (out["params"] && typeof out["params"] === "object") {
        const params = out["params"] as Record<string, unknown>;
        out["params"] = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, sortedDeep(v)]));
      }
      if (out["position"] && typeof out["position"] === "object") out["position"] = ordered(out["position"] as Record<string, unknown>, KEY_ORDER.position!);
      return out;
    });
  }
  if (Array.isArray(top["edges"])) top["edges"] = top["edges"].map((edge: unknown) => orderedObject(edge, KEY_ORDER.edge!));
  if (Array.isArray(top["notes"])) {
    top["notes"] = top["notes"].map((note: Record<string, unknown>) => {
      const out = orderedObject(note, KEY_ORDER.note!);
      if (isObject(out["position"])) out["position"] = ordered(out["position"], KEY_ORDER.position!);
      if (isObject(out["size"])) out["size"] = ordered(out["size"], KEY_ORDER.size!);
      return out;
    });
  }
  if (Array.isArray(top["groups"])) top["groups"] = top["groups"].map((group: Record<string, unknown>) => orderedObject(group, KEY_ORDER.group!));
  return JSON.stringify(top, null, 2) + "\n";
}

/** Saves a pipeline in its stable format, atomically. */
export function savePipeline(path: string, doc: Record<string, unknown>): void {
  writeFileAtomic(path, formatPipeline(doc));
}
