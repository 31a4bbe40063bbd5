/** Exit codes of every command: 0 success, 1 the run failed, 2 an invalid file or arguments. */
export const EXIT = { ok: 0, runFailed: 1, invalid: 2 } as const;

/** Ends a command with an exit code and a one-line reason (details may already be on stderr). */
export class ExitError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
