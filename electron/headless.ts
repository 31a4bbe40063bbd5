/**
 * `foresight-app --headless <file> [run flags]`: the app binary as `foresight run`, no window.
 * This file imports nothing of Electron, so the decision is made (and tested) before any window
 * or app-ready wait exists.
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

/** Runs the CLI's own `run` command (same output, same exit codes) and answers its exit code. */
export async function runHeadless(cliArgs: readonly string[]): Promise<number> {
  const { runCli } = await import("../cli/program.js");
  const code = await runCli(cliArgs);
  // Whatever is still buffered for a pipe goes out before the app exits.
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  return code;
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write("", () => resolve()));
}
