import { OutputPathError } from "../runtime/output-paths.js";
import { EXIT, ExitError } from "./exit.js";

/**
 * Checks the path a flag names (`makeFolder`, `checkOutputFile`) before any work: a path it cannot
 * use is one line and exit 2 naming the flag ("--out x: x is a device, not a file"), not a failure
 * after minutes of work.
 */
export function pathFlagOrExit(flag: string, path: string, check: (path: string) => void): void {
  // resolve("") is the current folder: `--out ""` (an unset shell variable) would write there unasked.
  if (path === "") throw new ExitError(EXIT.invalid, `${flag} "": an empty path names no folder or file`);
  try {
    check(path);
  } catch (error) {
    if (error instanceof OutputPathError) throw new ExitError(EXIT.invalid, `${flag} ${path}: ${error.message}`);
    throw error;
  }
}
