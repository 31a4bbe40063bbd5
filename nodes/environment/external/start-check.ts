/**
 * foresight_env checks at start that deep copies of the environment are sound, by running the
 * environment's own reset and step on copies (python/foresight_env/snapshots.py), before it declares
 * its spaces; serve() writes this line to stderr first. A start that times out after the line hung in
 * that check, not in building the environment, and the message says so.
 */
export const CHECKING_COPIES = "foresight_env: checking that deep copies of the environment are sound";
const CHECKING_COPIES_LINE = /^foresight_env: checking that deep copies of the environment are sound[^\n]*(\n|$)/gm;

/** Whether the process said it began the check. */
export function checkingCopies(stderr: string): boolean {
  return stderr.includes(CHECKING_COPIES);
}

/** stderr for an error message: without the line, which says what the process was doing, not what went wrong. */
export function withoutCheckLine(stderr: string): string {
  return stderr.replace(CHECKING_COPIES_LINE, "");
}

/** Why the start timed out, when it did so in the check; `skip` says how to turn the check off for this environment, `where` where it hung (stack-dump.ts). */
export function hungCheckingCopies(waitedMs: number, skip: string | undefined, where?: string): string {
  const advice = skip ? `; if reset or step can block, ${skip}` : "";
  return `hung${where ? ` at ${where}` : ""} while checking that copies of the environment are sound (foresight_env runs its reset and step on deep copies at start), and did not declare its spaces within ${waitedMs} ms${advice}`;
}
