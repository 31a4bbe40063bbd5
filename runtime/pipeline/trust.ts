import { createHash } from "node:crypto";
import { stableJson } from "../../protocol/stable-json.js";
import { formatPipeline } from "./format.js";
import type { ValidatedPipeline } from "./validate.js";

/**
 * A pipeline's identity: sha256 (hex) of its stable formatted text, so the same pipeline hashes
 * the same however it was indented or ordered (a queued run's workers keep one validated copy per hash).
 */
export function pipelineContentHash(doc: Record<string, unknown>): string {
  return createHash("sha256").update(formatPipeline(doc)).digest("hex");
}

/** Ids of the nodes that run user code (Scripts); a pipeline with any must be trusted before it runs. */
export function containsScripts(validated: ValidatedPipeline): string[] {
  return validated.nodes.filter((node) => node.kind.runsUserCode === true).map((node) => node.spec.id);
}

/**
 * What a user's trust is given to: the nodes that run user code, start a program or call a server,
 * as written (id, kind, params), hashed (sha256, hex, of their JSON with sorted keys: indentation
 * and key order are not content). The rest of the pipeline (run settings, the other nodes, layout,
 * notes) may change without asking again; any edit to one of these nodes, or a new one, asks again.
 * Editors remember the user's "trust" per hash.
 */
export function trustedNodesHash(nodes: readonly { id?: unknown; kind?: unknown; params?: unknown }[]): string {
  const content = nodes.map(({ id, kind, params }) => ({ id, kind, params: params ?? {} }));
  return createHash("sha256").update(stableJson(content)).digest("hex");
}
