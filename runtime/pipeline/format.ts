import { writeFileAtomic } from "../atomic-file.js";

/** Key order of the file's objects; keys not listed follow in alphabetical order. */
const KEY_ORDER: Record<string, readonly string[]> = {
  pipeline: ["$schema", "format", "version", "name", "description", "baseDir", "run", "nodes", "edges"],
  run: ["episodes", "seed", "maxSteps", "onNodeError", "trace"],
  node: ["id", "kind", "title", "params", "position"],
  edge: ["from", "to"],
  position: ["x", "y"],
};

function ordered(value: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const known = order.filter((k) => k in value);
  const rest = Object.keys(value)
    .filter((k) => !order.includes(k))
    .sort();
  return Object.fromEntries([...known, ...rest].map((k) => [k, value[k]]));
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
    top["nodes"] = top["nodes"].map((node: Record<string, unknown>) => {
      const out = ordered(node, KEY_ORDER.node!);
      if (out["params"] && typeof out["params"] === "object") {
        const params = out["params"] as Record<string, unknown>;
        out["params"] = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, sortedDeep(v)]));
      }
      if (out["position"] && typeof out["position"] === "object") out["position"] = ordered(out["position"] as Record<string, unknown>, KEY_ORDER.position!);
      return out;
    });
  }
  if (Array.isArray(top["edges"])) top["edges"] = top["edges"].map((edge: Record<string, unknown>) => ordered(edge, KEY_ORDER.edge!));
  return JSON.stringify(top, null, 2) + "\n";
}

/** Saves a pipeline in its stable format, atomically. */
export function savePipeline(path: string, doc: Record<string, unknown>): void {
  writeFileAtomic(path, formatPipeline(doc));
}
