/**
 * The desktop app's entry (package.json "main"). It decides before anything else whether this is a
 * headless run (`--headless <file> [run flags]`: the CLI's `run`, no window, its exit code) or the
 * windowed app. Both branches start synchronously in the entry's first evaluation, so the windowed
 * app registers its early listeners (macOS open-file), enables the sandbox and registers the page's
 * scheme (electron/page-protocol.ts) before `ready`; a headless run touches none of that.
 * Launchers are the one place where hosts meet: here the desktop app and the CLI.
 */
import { app } from "electron";
import { endWhenReaderLeaves } from "../cli/closed-pipe.js";
import { startDesktopApp } from "../electron/desktop-app.js";
import { headlessArgs } from "../electron/headless.js";

const cliArgs = headlessArgs(process.argv);
if (cliArgs) {
  app.dock?.hide();
  // `foresight-desktop --headless run.json --json | head -1`: end quietly, as the CLI does.
  endWhenReaderLeaves(process.stdout);
  endWhenReaderLeaves(process.stderr);
  // Electron turns Ctrl+C into app.quit() (electron/electron#5273), which would end the app while the
  // CLI's own stop (on the same signal) writes the run's summary: the run ends the app, by app.exit().
  app.on("before-quit", (event) => event.preventDefault());
  void runHeadless(cliArgs).then((code) => app.exit(code));
} else {
  startDesktopApp();
}

/** Runs the CLI's own `run` command (same output, same exit codes) and answers its exit code. */
async function runHeadless(args: readonly string[]): Promise<number> {
  const { runCli } = await import("../cli/program.js");
  const code = await runCli(args);
  // Whatever is still buffered for a pipe goes out before the app exits.
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  return code;
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write("", () => resolve()));
}
