import type { Command } from "commander";
import { existsSync, statSync } from "node:fs";
import { basename, isAbsolute, relative, resolve } from "node:path";
import { RunFolders } from "../../host/editor-api/run-folders.js";
import { SweepFolders } from "../../host/editor-api/sweep-folders.js";
import { isSweepFolder, readSweepFolder, sweepRunSettings } from "../../host/sweep/sweep-folder.js";
import { runMatches, statusInWords, sweepMatches, sweepSettingsInWords, type RunListing, type SweepListing } from "../../protocol/index.js";
import { isRunFolder } from "../../runtime/run-folder.js";
import { EXIT, ExitError } from "../exit.js";
import { table } from "../format-summary.js";

/** Where `foresight run --out` writes by default, and so where `foresight runs` looks. */
const DEFAULT_RUNS_FOLDER = "runs";

/**
 * `foresight runs [folder]`: the run and sweep folders in a runs folder, newest first, as the
 * editor's Runs list shows them, for a terminal on a machine without the editor (a cluster's login node).
 */
export function registerRuns(program: Command): void {
  program
    .command("runs [folder]")
    .description("list the runs and sweeps in a runs folder (default: runs), newest first: pipeline, status, episodes (a sweep's settings), success rate, name, --set overrides")
    .option("--filter <words>", "only those with every word (case aside) in their folder, pipeline, name, notes, status or --set overrides (a sweep's: swept keys)")
    .option("--json", 'print them as JSON: { "runs": [...], "sweeps": [...] }')
    .action((folder: string | undefined, flags: { filter?: string; json?: boolean }) => {
      // The default folder not there yet is a project with no runs, not a mistake; a folder the user names must be there.
      if (folder === undefined && !existsSync(DEFAULT_RUNS_FOLDER)) {
        process.stdout.write(flags.json ? JSON.stringify({ runs: [], sweeps: [] }) + "\n" : `no runs yet: \`foresight run\` writes them to ${DEFAULT_RUNS_FOLDER}/ here\n`);
        return;
      }
      const runsDir = checkedRunsFolder(folder ?? DEFAULT_RUNS_FOLDER);
      const places = { runsDirs: () => [runsDir], resolve: (path: string) => resolve(path), clientPath: shownPath };
      const folders = new RunFolders(places, () => undefined, (message) => process.stderr.write(`foresight: ${message}\n`));
      const words = flags.filter?.trim() ?? "";
      const runs = withSweepSettings(runsDir, folders.list()).filter((run) => runMatches(run, words));
      const sweeps = new SweepFolders(places).list().filter((sweep) => sweepMatches(sweep, words));
      if (flags.json) {
        process.stdout.write(JSON.stringify({ runs, sweeps }) + "\n");
        return;
      }
      const shown = folder ?? DEFAULT_RUNS_FOLDER;
      if (runs.length === 0 && sweeps.length === 0) {
        process.stdout.write(words ? `no run or sweep in ${shown} matches "${flags.filter}"\n` : `no run or sweep folders in ${shown}\n`);
        return;
      }
      const tables = [
        ...(runs.length > 0 ? [[["run folder", "pipeline", "status", "episodes", "success", "started", "name", "--set"], ...runs.map(runRow)]] : []),
        ...(sweeps.length > 0 ? [[["sweep folder", "pipeline", "status", "settings", "swept", "started"], ...sweeps.map(sweepRow)]] : []),
      ];
      process.stdout.write(tables.map(table).join("\n\n") + "\n");
    });
}

/** The runs of a sweep folder, each with its setting: one still running, or killed, has no summary to say it. */
function withSweepSettings(runsDir: string, runs: RunListing[]): RunListing[] {
  if (!isSweepFolder(runsDir)) return runs;
  let settings: Map<string, string[]>;
  try {
    settings = sweepRunSettings(readSweepFolder(runsDir, runsDir).record);
  } catch {
    // An unreadable record: the runs are listed as their own folders say.
    return runs;
  }
  return runs.map((run) => (run.set ? run : { ...run, ...(settings.has(basename(run.runDir)) ? { set: settings.get(basename(run.runDir))! } : {}) }));
}

/** The folder as an absolute path, if it is one that holds run folders. */
function checkedRunsFolder(folder: string): string {
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    throw new ExitError(EXIT.invalid, `${folder}: there is no such folder; name the folder runs are written to (\`foresight run --out\`, default runs)`);
  }
  if (!isFolder) throw new ExitError(EXIT.invalid, `${folder}: not a folder; name the folder runs are written to (\`foresight run --out\`, default runs)`);
  if (isRunFolder(folder)) throw new ExitError(EXIT.invalid, `${folder} is one run's folder; name the folder that holds run folders, e.g. ${shownPath(resolve(folder, ".."))}`);
  return resolve(folder);
}

/** A path as the user would type it: relative to the working folder when inside it, else absolute. */
function shownPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside === "" ? "." : inside.startsWith("..") || isAbsolute(inside) ? path : inside;
}

function runRow(run: RunListing): string[] {
  const episodes = run.episodes === run.episodesRequested ? String(run.episodes) : `${run.episodes}/${run.episodesRequested}`;
  return [
    run.runDir,
    run.pipeline,
    statusInWords(run),
    episodes + (run.episodesFailed ? ` (${run.episodesFailed} failed)` : ""),
    run.successRate === null ? "—" : `${(run.successRate * 100).toFixed(1)} %`,
    started(run.startedAt),
    run.notes?.title ?? "",
    run.set?.join(" ") ?? "",
  ];
}

function sweepRow(sweep: SweepListing): string[] {
  return [sweep.sweepDir, sweep.pipeline, sweep.status, sweepSettingsInWords(sweep, ""), sweep.swept.join(" × "), started(sweep.startedAt)];
}

/** An ISO time to the minute, as the table shows it ("2026-12-06 03:04"). */
function started(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}
