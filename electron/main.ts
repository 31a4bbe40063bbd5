/**
 * The desktop app's entry (package.json "main"). It decides before anything else whether this is a
 * headless run (`--headless <file> [run flags]`: the CLI's `run`, no window, its exit code) or the
 * windowed app (desktop-app.ts, loaded only then).
 */
import { app } from "electron";
import { headlessArgs, runHeadless } from "./headless.js";

const cliArgs = headlessArgs(process.argv);
if (cliArgs) {
  app.dock?.hide();
  void runHeadless(cliArgs).then((code) => app.exit(code));
} else {
  void import("./desktop-app.js").then(({ startDesktopApp }) => startDesktopApp());
}
