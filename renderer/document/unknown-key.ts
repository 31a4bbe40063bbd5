import type { Problem } from "../../protocol/index.js";
import type { EditorDocument } from "./pipeline.js";

/**
 * Where a key validation does not know (`unknown-param`, `unknown-field`) stands in the editor's
 * document. The forms show only the keys a schema declares, so the Problems panel offers to remove
 * these; node fields, edges, notes and groups keep no unknown keys in the editor to begin with.
 */
export type UnknownKey = { in: "params"; nodeId: string; path: string[] } | { in: "run"; key: string } | { in: "file"; key: string };

const decode = (part: string) => part.replace(/~1/g, "/").replace(/~0/g, "~");

export function unknownKeyOf(problem: Problem): UnknownKey | undefined {
  const parts = problem.pointer.split("/").slice(1).map(decode);
  if (problem.code === "unknown-param" && problem.nodeId && parts[0] === "nodes" && parts[2] === "params" && parts.length > 3) {
    return { in: "params", nodeId: problem.nodeId, path: parts.slice(3) };
  }
  if (problem.code !== "unknown-field") return undefined;
  if (parts.length === 2 && parts[0] === "run") return { in: "run", key: parts[1]! };
  if (parts.length === 1) return { in: "file", key: parts[0]! };
  return undefined;
}

/** "nn" from sampler, "episdoes" from the run settings, "nmae" from the file. */
export function describeUnknownKey(key: UnknownKey): string {
  if (key.in === "params") return `"${key.path.join(".")}" from ${key.nodeId}`;
  return key.in === "run" ? `"${key.key}" from the run settings` : `"${key.key}" from the file`;
}

export function withoutUnknownKey(doc: EditorDocument, key: UnknownKey): EditorDocument {
  if (key.in === "file") return { ...doc, extra: without(doc.extra, [key.key]) };
  if (key.in === "run") return { ...doc, run: without(doc.run as unknown as Record<string, unknown>, [key.key]) as unknown as EditorDocument["run"] };
  return {
    ...doc,
    nodes: doc.nodes.map((node) => (node.id === key.nodeId ? { ...node, data: { ...node.data, params: without(node.data.params, key.path) } } : node)),
  };
}

/** A copy of `object` without the key at `path`, copying only the objects on the way to it. */
function without(object: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(object, head)) return object;
  if (rest.length === 0) {
    const { [head]: _removed, ...kept } = object;
    return kept;
  }
  const inner = object[head];
  if (Array.isArray(inner)) {
    const index = Number(rest[0]);
    const item = inner[index];
    if (typeof item !== "object" || item === null) return object;
    return { ...object, [head]: inner.map((entry, i) => (i === index ? without(entry as Record<string, unknown>, rest.slice(1)) : entry)) };
  }
  if (typeof inner !== "object" || inner === null) return object;
  return { ...object, [head]: without(inner as Record<string, unknown>, rest) };
}
