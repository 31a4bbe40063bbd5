import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { errnoInWords } from "../runtime/regular-file.js";
import { registerCancel } from "./commands/cancel.js";
import { registerCompare } from "./commands/compare.js";
import { registerDataset } from "./commands/dataset.js";
import { registerFormat } from "./commands/format.js";
import { registerModel } from "./commands/model.js";
import { registerReport } from "./commands/report.js";
import { registerRun } from "./commands/run.js";
import { registerRuns } from "./commands/runs.js";
import { registerSchema } from "./commands/schema.js";
import { registerServe, type StartServer } from "./commands/serve.js";
import { registerSweep } from "./commands/sweep.js";
import { registerTrain } from "./commands/train.js";
import { registerValidate } from "./commands/validate.js";
import { registerWorker } from "./commands/worker.js";
import { EXIT, ExitError } from "./exit.js";

const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

/** Hosts the command line can start; a launcher (launch/) hands them in, since hosts never import each other. */
export interface CliHosts {
  /** `foresight serve` (server/start-server.ts); without it there is no serve command. */
  startServer?: StartServer;
}

function createProgram(hosts: CliHosts): Command {
  const program = new Command("foresight")
    .description("Run and inspect value-guided agent pipelines")
    .version(version)
    .configureOutput({ outputError: (text, write) => write(oneLineError(text)) })
    .exitOverride();
  for (const register of [registerRun, registerCompare, registerSweep, registerValidate, registerFormat, registerSchema, registerTrain, registerModel, registerDataset, registerRuns, registerReport, registerWorker, registerCancel]) register(program);
  if (hosts.startServer) registerServe(program, hosts.startServer);
  // Sub-commands answer --version too, and exit 2 on a bad flag (not commander's default 1).
  for (const command of program.commands) command.version(version).exitOverride();
  return program;
}

/**
 * A command-line mistake as every other error reads, on one line: commander's "error: unknown option
 * '--episdes'\n(Did you mean --episodes?)\n" becomes "foresight: unknown option '--episdes' (did you
 * mean --episodes?); add --help for usage". A message's own closing full stop goes ("Allowed choices are full,
 * steps, off." would read "off.; add").
 */
function oneLineError(text: string): string {
  const [first = "", ...more] = text.trim().replace(/^error: /, "").split("\n");
  const hints = more.map((line) => line.replace(/^\((.*)\)$/, "$1")).map((line) => ` (${line[0]!.toLowerCase()}${line.slice(1)})`);
  return `foresight: ${`${first}${hints.join("")}`.replace(/\.$/, "")}; add --help for usage\n`;
}

/**
 * Runs one `foresight` command line (`args` without the node and script paths, e.g.
 * ["run", "file.foresight.json", "--episodes", "20"]) and answers its exit code; output goes to
 * stdout and stderr. The `foresight` bin and the desktop app's `--headless` both come here (launch/).
 */
export async function runCli(args: readonly string[], hosts: CliHosts = {}): Promise<number> {
  try {
    await createProgram(hosts).parseAsync([...args], { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander's exit code is 0 for help or a version asked for, 1 for a usage error (help shown
      // for a missing command included): the latter is our exit 2, as for any invalid input.
      return error.exitCode === 0 ? EXIT.ok : EXIT.invalid;
    } else if (error instanceof ExitError) {
      process.stderr.write(`foresight: ${error.message}\n`);
      return error.code;
    } else if (errnoInWords(error) !== undefined) {
      // A file the command writes that the disk refused (full, read-only): the message names it (runtime/atomic-file.ts), a stack adds nothing.
      process.stderr.write(`foresight: ${(error as Error).message}\n`);
      return EXIT.runFailed;
    } else {
      process.stderr.write(`foresight: internal error: ${(error as Error).stack ?? String(error)}\n`);
      return EXIT.runFailed;
    }
  }
}
