import type { NodeFailure } from "./events.js";
import { thrownAt } from "./thrown-at.js";

/** A node's failure with its place: node id, kind, episode and step; `endsRun`: the node said the run cannot go on (RunCannotContinue). */
export class NodeError extends Error {
  constructor(
    readonly failure: NodeFailure,
    readonly endsRun = false,
  ) {
    super(`node "${failure.node}" (${failure.kind}) failed at episode ${failure.episode}, step ${failure.step}: ${failure.message}`);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failure's message, and where in a user's own kind code it was thrown (NodeFailure.at), when it was. */
export function thrown(error: unknown): Pick<NodeFailure, "message" | "at"> {
  const at = thrownAt(error);
  return at === undefined ? { message: messageOf(error) } : { message: messageOf(error), at };
}

/** What failed: a NodeError's own place and message, else an error outside any node (node ""), at `episode` and `step` where known. */
export function failureOf(error: unknown, episode = -1, step = -1): NodeFailure {
  return error instanceof NodeError ? error.failure : { node: "", kind: "", episode, step, message: messageOf(error) };
}
