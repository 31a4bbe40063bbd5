/**
 * `foresight-app --headless <file> [run flags]`: the app binary as `foresight run`, no window
 * (launch/desktop.ts runs it). This file imports nothing of Electron, so the decision is made (and
 * tested) before any window or app-ready wait exists.
 */

/** The flag that makes the app binary a command-line runner. */
export const HEADLESS_FLAG = "--headless";

/**
 * The `foresight` command line for a headless start, or null for a normal (windowed) start:
 * everything after `--headless` becomes `run …`, so `--headless f.foresight.json --episodes 100`
 * is `foresight run f.foresight.json --episodes 100`. What comes before the flag (the binary, the
 * app folder in development, Chromium switches) is not the user's.
 */
export function headlessArgs(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(HEADLESS_FLAG);
  if (at < 0) return null;
  return ["run", ...argv.slice(at + 1)];
}
