import type { NodeFailure } from "./events.js";

/** A node's failure with its place: node id, kind, episode and step. */
export class NodeError extends Error {
  constructor(readonly failure: NodeFailure) {
    super(`node "${failure.node}" (${failure.kind}) failed at episode ${failure.episode}, step ${failure.step}: ${failure.message}`);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
