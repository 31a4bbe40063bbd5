import { createHash } from "node:crypto";
import { formatPipeline } from "./format.js";
import type { ValidatedPipeline } from "./validate.js";

/**
 * A pipeline's identity for trust: sha256 (hex) of its stable formatted text, so the same pipeline
 * hashes the same however it was indented or ordered, and any edit (a script's code above all)
 * asks again. Editors remember the user's "trust" per hash.
 */
export function pipelineContentHash(doc: Record<string, unknown>): string {
  return createHash("sha256").update(formatPipeline(doc)).digest("hex");
}

/** Ids of the nodes that run user code (Scripts); a pipeline with any must be trusted before it runs. */
export function containsScripts(validated: ValidatedPipeline): string[] {
  return validated.nodes.filter((node) => node.kind.runsUserCode === true).map((node) => node.spec.id);
}

