import type { NodeFailure } from "../../runtime/engine/events.js";

/**
 * Node's codes for a machine that cannot write or open its files (a full or read-only scratch disk,
 * a quota, a failing disk, too many open files): that worker's trouble, not the run's, so another
 * worker may play the batch. Matched on the message, as a failure reaches us without its code.
 */
const MACHINE_CODES = /\b(ENOSPC|EROFS|EACCES|EDQUOT|EIO|EMFILE)\b/;

/** The code when `message` says this machine's files failed (ENOSPC, EROFS…), else undefined. */
export function machineTrouble(message: string): string | undefined {
  return MACHINE_CODES.exec(message)?.[1];
}

/** A failed batch's place and reason, as a worker logs it. */
export function shownFailure(failure: NodeFailure): string {
  const node = failure.node ? `node "${failure.node}" (${failure.kind})` : "the batch";
  const where = failure.episode >= 0 ? ` at episode ${failure.episode}${failure.step >= 0 ? `, step ${failure.step}` : ""}` : "";
  return `${node}${where}: ${failure.message}`;
}
