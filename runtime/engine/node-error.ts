import type { NodeFailure } from "./events.js";

/** A node's failure with its place: node id, kind, episode and step; `endsRun`: the node said the run cannot go on (RunCannotContinue). */
export class NodeError extends Error {
  readonly failure: NodeFailure;

  constructor(
    failure: NodeFailure,
    readonly endsRun = false,
  ) {
    const placed = withoutOwnPlace(failure);
    super(`node "${placed.node}" (${placed.kind}) failed at episode ${placed.episode}, step ${placed.step}: ${placed.message}`);
    this.failure = placed;
  }
}

/**
 * The failure without a place its message starts with that is its own ('node "judge", episode 0,
 * step 0: …', or a NodeError's whole text caught inside another node): every view puts the place
 * before the message (failurePlace), so a node that names itself would show it twice. Checked here,
 * where every node's error gets its place, so no node kind has to know. A place that differs (another
 * node, another step) is information and stays.
 */
function withoutOwnPlace(failure: NodeFailure): NodeFailure {
  const named = `node "${failure.node}"`;
  if (failure.node === "" || !failure.message.startsWith(named)) return failure;
  const place = /^(?: \([^)]*\))?(?:(?: failed)? at episode (-?\d+), step (-?\d+)|, episode (-?\d+), step (-?\d+))?(?:: |, )/.exec(failure.message.slice(named.length));
  if (!place) return failure;
  const episode = place[1] ?? place[3];
  const step = place[2] ?? place[4];
  if (episode !== undefined && (Number(episode) !== failure.episode || Number(step) !== failure.step)) return failure;
  return { ...failure, message: failure.message.slice(named.length + place[0].length) };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What failed: a NodeError's own place and message, else an error outside any node (node ""), at `episode` and `step` where known. */
export function failureOf(error: unknown, episode = -1, step = -1): NodeFailure {
  return error instanceof NodeError ? error.failure : { node: "", kind: "", episode, step, message: messageOf(error) };
}
