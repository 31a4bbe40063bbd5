import type { PipelineDocument } from "../../protocol/index.js";

/** One param a fork's pipeline sets otherwise than the original run's: where (node id, JSON pointer under its params) and both values. */
export interface ParamChange {
  nodeId: string;
  /** A JSON pointer into the node's params ("/temperature", "/weights/0"); "" for the node itself, added or removed. */
  pointer: string;
  /** undefined: the param (or node) is not there on that side. */
  before: unknown;
  after: unknown;
}

/** The params `after` sets otherwise than `before`, node by node in `before`'s order, then nodes only `after` has. */
export function paramChanges(before: PipelineDocument, after: PipelineDocument): ParamChange[] {
  const was = nodesById(before);
  const is = nodesById(after);
  const changes: ParamChange[] = [];
  for (const [nodeId, params] of was) {
    if (!is.has(nodeId)) changes.push({ nodeId, pointer: "", before: params, after: undefined });
    else differences(params, is.get(nodeId), "", (pointer, old, now) => changes.push({ nodeId, pointer, before: old, after: now }));
  }
  for (const [nodeId, params] of is) if (!was.has(nodeId)) changes.push({ nodeId, pointer: "", before: undefined, after: params });
  return changes;
}

/** A change's value as the panel shows it: JSON, "(none)" where absent. */
export function shownValue(value: unknown): string {
  return value === undefined ? "(none)" : JSON.stringify(value);
}

function nodesById(doc: PipelineDocument): Map<string, unknown> {
  const nodes = Array.isArray(doc["nodes"]) ? (doc["nodes"] as unknown[]) : [];
  const byId = new Map<string, unknown>();
  for (const node of nodes) {
    if (typeof node === "object" && node !== null && typeof (node as { id?: unknown }).id === "string") byId.set((node as { id: string }).id, (node as { params?: unknown }).params ?? {});
  }
  return byId;
}

/** Calls `found` for each leaf where `a` and `b` differ: objects are compared key by key, anything else whole (arrays by index). */
function differences(a: unknown, b: unknown, pointer: string, found: (pointer: string, before: unknown, after: unknown) => void): void {
  if (isContainer(a) && isContainer(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`, found);
  } else if (JSON.stringify(a) !== JSON.stringify(b)) found(pointer, a, b);
}

function isContainer(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}
