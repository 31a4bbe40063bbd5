import type { Problem } from "../../protocol/index.js";
import { NOTE_PREFIX } from "./canvas-items.js";
import type { EditorDocument } from "./pipeline.js";
import { shownIndex, type ItemList } from "./unreadable-entries.js";

/**
 * Where a key validation does not know (`unknown-param`, `unknown-field`) stands in the editor's
 * document. The forms show only the keys a schema declares, so the Problems panel offers to remove
 * these. A node's, edge's, note's or group's own unknown keys are kept in its `file` (pipeline.ts).
 */
export type UnknownKey =
  | { in: "params"; nodeId: string; path: string[] }
  | { in: "run"; key: string }
  | { in: "file"; key: string }
  | { in: "item"; list: ItemList; index: number; path: string[]; owner: string };

const ITEM_LISTS: readonly string[] = ["nodes", "edges", "notes", "groups"];

const decode = (part: string) => part.replace(/~1/g, "/").replace(/~0/g, "~");

export function unknownKeyOf(problem: Problem, doc: EditorDocument): UnknownKey | undefined {
  const parts = problem.pointer.split("/").slice(1).map(decode);
  if (problem.code === "unknown-param" && problem.nodeId && parts[0] === "nodes" && parts[2] === "params" && parts.length > 3) {
    return { in: "params", nodeId: problem.nodeId, path: parts.slice(3) };
  }
  if (problem.code !== "unknown-field") return undefined;
  if (parts.length === 2 && parts[0] === "run") return { in: "run", key: parts[1]! };
  if (parts.length === 1) return { in: "file", key: parts[0]! };
  const [list, at, ...path] = parts;
  if (!ITEM_LISTS.includes(list!) || !Number.isInteger(Number(at)) || path.length === 0) return undefined;
  // The pointer counts the saved list, which holds the entries the canvas cannot show too.
  const index = shownIndex(list as ItemList, Number(at), doc[list as ItemList].length, doc.unreadable);
  if (index === undefined) return undefined;
  const owner = ownerOf(doc, list as ItemList, index);
  return owner === undefined ? undefined : { in: "item", list: list as ItemList, index, path, owner };
}

/** "node q", "edge env.environment → policy.environment", "note why", "group g". */
function ownerOf(doc: EditorDocument, list: ItemList, index: number): string | undefined {
  if (list === "nodes") return doc.nodes[index] && `node ${doc.nodes[index].id}`;
  if (list === "edges") {
    const edge = doc.edges[index];
    return edge && `edge ${edge.source}.${edge.sourceHandle ?? ""} → ${edge.target}.${edge.targetHandle ?? ""}`;
  }
  if (list === "notes") return doc.notes[index] && `note ${doc.notes[index].id.slice(NOTE_PREFIX.length)}`;
  return doc.groups[index] && `group ${doc.groups[index].id}`;
}

/** "nn" from sampler, "episdoes" from the run settings, "nmae" from the file. */
export function describeUnknownKey(key: UnknownKey): string {
  if (key.in === "params") return `"${key.path.join(".")}" from ${key.nodeId}`;
  if (key.in === "item") return `"${key.path.join(".")}" from ${key.owner}`;
  return key.in === "run" ? `"${key.key}" from the run settings` : `"${key.key}" from the file`;
}

export function withoutUnknownKey(doc: EditorDocument, key: UnknownKey): EditorDocument {
  if (key.in === "file") return { ...doc, extra: without(doc.extra, [key.key]) };
  if (key.in === "item") return withoutItemKey(doc, key.list, key.index, key.path);
  if (key.in === "run") return { ...doc, run: without(doc.run as unknown as Record<string, unknown>, [key.key]) as unknown as EditorDocument["run"] };
  return {
    ...doc,
    nodes: doc.nodes.map((node) => (node.id === key.nodeId ? { ...node, data: { ...node.data, params: without(node.data.params, key.path) } } : node)),
  };
}

function withoutItemKey(doc: EditorDocument, list: ItemList, index: number, path: readonly string[]): EditorDocument {
  const trimmed = (file: Record<string, unknown> | undefined) => (file ? without(file, path) : file);
  if (list === "nodes") return { ...doc, nodes: doc.nodes.map((node, at) => (at === index ? { ...node, data: { ...node.data, file: trimmed(node.data.file) } } : node)) };
  if (list === "edges") return { ...doc, edges: doc.edges.map((edge, at) => (at === index ? { ...edge, data: { ...edge.data, file: trimmed(edge.data?.file) } } : edge)) };
  if (list === "notes") return { ...doc, notes: doc.notes.map((note, at) => (at === index ? { ...note, data: { ...note.data, file: trimmed(note.data.file) } } : note)) };
  return { ...doc, groups: doc.groups.map((group, at) => (at === index ? { ...group, file: trimmed(group.file) } : group)) };
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
