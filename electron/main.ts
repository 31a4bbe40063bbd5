/**
 * The desktop app's entry (package.json "main"). It decides before anything else whether this is a
 * headless run (`--headless <file> [run flags]`: the CLI's `run`, no window, its exit code) or the
 * windowed app. Both branches start synchronously in the entry's first evaluation, so the windowed
 * app registers its early listeners (macOS open-file), enables the sandbox and registers the page's
 * scheme (page-protocol.ts) before `ready`; a headless run touches none of that.
 */
import { app } from "electron";
import { startDesktopApp } from "./desktop-app.js";
import { headlessArgs, runHeadless } from "./headless.js";

const cliArgs = headlessArgs(process.argv);
if (cliArgs) {
  app.dock?.hide();
  void runHeadless(cliArgs).then((code) => app.exit(code));
} else {
  startDesktopApp();
}
