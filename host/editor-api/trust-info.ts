import type { TrustInfo } from "../../protocol/index.js";
import { pipelineContentHash } from "../../runtime/pipeline/trust.js";
import type { NodeRegistry } from "../../runtime/registry.js";

/**
 * A document's Script nodes (kinds that run user code) and its content hash. Read from the nodes as
 * written, without validating: the editor asks before a run, whatever state the pipeline is in.
 */
export function trustInfo(doc: Record<string, unknown>, registry: NodeRegistry): TrustInfo {
  const nodes = Array.isArray(doc["nodes"]) ? (doc["nodes"] as unknown[]) : [];
  const scripts = nodes.flatMap((node) => {
    if (typeof node !== "object" || node === null) return [];
    const { id, kind } = node as { id?: unknown; kind?: unknown };
    return typeof id === "string" && typeof kind === "string" && registry.get(kind)?.runsUserCode === true ? [id] : [];
  });
  return { scripts, hash: pipelineContentHash(doc) };
}
