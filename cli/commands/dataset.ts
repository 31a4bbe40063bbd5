import { existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { DatasetDamage, repairDatasets, type RepairedStream } from "../../nodes/dataset/index.js";
import { datasetFolderIn, datasetStreamFiles, summarizeStreamFile } from "../../nodes/dataset/inspect.js";
import { isRunFolder, RUN_FOLDER, runFile, writerFolders } from "../../runtime/run-folder.js";
import { nodesIn } from "../training-sources.js";
import { runGoingOn } from "../../runtime/run-owner.js";
import { EXIT, ExitError } from "../exit.js";

export function registerDataset(program: Command): void {
  const dataset = program.command("dataset").description("work with the datasets in run folders: `dataset inspect <path>` says what one holds, `dataset repair <run-folder>` finishes a killed run's datasets");
  dataset
    .command("inspect <path>")
    .description("print what a dataset holds: each stream file's format, rows, episodes and columns with their types, the run's environment, and any damaged or unfinished file (which `dataset repair` fixes)")
    .action(async (path: string) => {
      if (!existsSync(path)) throw new ExitError(EXIT.invalid, `${path}: no such run folder, dataset folder or file`);
      const files = streamFilesAt(path);
      if (files.length === 0) throw new ExitError(EXIT.invalid, `${path}: no dataset in it (no transitions, preferences or candidates .parquet, .jsonl or .parquet.parts, nor a dataset/ folder holding them)`);
      const runDir = runFolderAround(path);
      const environment = runDir === undefined ? undefined : nodesIn(runFile(runDir, "pipeline")).find((node) => node.kind === "environment")?.params?.["name"];
      process.stdout.write(`${runDir ?? path}${typeof environment === "string" ? `: environment "${environment}"` : ""}\n`);
      let damaged = false;
      for (const file of files) {
        const summary = await summarizeStreamFile(file);
        const columns = Object.entries(summary.columns).map(([name, type]) => `${name} ${type}`).join(", ");
        // A file that could not be read has no rows to count: "0 rows" would say it is empty.
        const held = columns === "" && summary.damage !== undefined ? "" : `, ${summary.rows} rows, ${summary.episodes} episodes${columns ? `; columns: ${columns}` : ""}`;
        process.stdout.write(`${summary.file}: ${summary.format}${held}\n`);
        if (summary.damage !== undefined) {
          damaged = true;
          process.stdout.write(`  damaged: ${summary.damage}\n`);
        }
      }
      if (damaged) process.stdout.write(`run \`foresight dataset repair ${runDir ?? "<run folder>"}\` to write the damaged or unfinished files again from what the run left\n`);
    });
  dataset
    .command("repair <run-folder>")
    .description("finish the datasets of a run that was killed: write each stream's Parquet file from its JSON Lines (every finished episode) and remove the parts")
    .option("--force", "repair a run whose running.json names a process that is still there: on another machine (this one cannot tell whether it still goes), or here when that process is not the run")
    .action(async (runDir: string, flags: { force?: boolean }) => {
      if (!existsSync(runDir)) throw new ExitError(EXIT.invalid, `${runDir}: no such run folder`);
      if (!statSync(runDir).isDirectory()) throw new ExitError(EXIT.invalid, `${runDir} is a file, not a run folder: name the folder a run wrote, e.g. runs/<pipeline>-<timestamp>`);
      // Repair walks the folder for parts: the folder holding run folders would repair every run in it, one still going too.
      if (!isRunFolder(runDir)) throw new ExitError(EXIT.invalid, `${runDir}: not a run folder (it has no ${RUN_FOLDER.pipeline}): name one run's folder, e.g. runs/<pipeline>-<timestamp>`);
      // Repairing a run that still goes cuts the episode it is writing and leaves it failing at its close.
      const owner = runGoingOn(runDir);
      if (owner && !owner.elsewhere && !flags.force) {
        throw new ExitError(EXIT.invalid, `${runDir}: the run still goes (process ${owner.pid}, since ${owner.started}): repair is for a run that was killed; stop it, and its datasets are finished as it ends (pass --force if process ${owner.pid} is not the run)`);
      }
      if (owner && !flags.force) throw new ExitError(EXIT.invalid, `${runDir}: the run may still go: its ${RUN_FOLDER.running} names process ${owner.pid} on ${owner.host}, which this machine cannot check; repair it there, or pass --force once that process is gone`);
      let repaired: RepairedStream[];
      try {
        repaired = await repairDatasets(runDir);
      } catch (error) {
        if (error instanceof DatasetDamage) throw new ExitError(EXIT.invalid, error.message);
        throw error;
      }
      if (repaired.length === 0) process.stdout.write(`${runDir}: nothing to repair (no unfinished Parquet dataset, no torn JSON Lines file)\n`);
      for (const stream of repaired) {
        const episodes = stream.cutEpisodes
          ? `; cut ${stream.cutEpisodes.records} records of episodes after ${stream.cutEpisodes.after}, the last episode the transitions beside it hold (each stream was cut short at its own point)`
          : "";
        if (stream.from === "jsonl-only") {
          const torn = stream.cutBytes > 0 ? `cut a torn last episode (${stream.cutBytes} bytes, its write cut short)` : "no torn episode";
          process.stdout.write(`${stream.file}: ${torn}${episodes}; every line left is a whole record (the run wrote no Parquet)\n`);
          continue;
        }
        const source =
          stream.from === "complete"
            ? "already complete; leftover parts removed"
            : stream.records === 0
              ? "no finished episode, no file written; parts removed"
              : `${stream.records} records from the ${stream.from === "jsonl" ? "JSON Lines file" : "parts"}`;
        const replaced = stream.unreadable ? `; the Parquet file there could not be read (${stream.unreadable}) and was replaced` : "";
        const cut = stream.cutBytes > 0 ? `; cut a torn last episode (${stream.cutBytes} bytes, its write cut short) off the JSON Lines file` : "";
        process.stdout.write(`${stream.file}: ${source}${replaced}${cut}${episodes}\n`);
      }
    });
}

/** The stream files at `path`: one file or parts folder, a dataset folder's, or every writer's (shard's) dataset/ of a run folder. */
function streamFilesAt(path: string): string[] {
  const stats = statSync(path);
  if (stats.isFile() || path.replace(/[\\/]+$/, "").endsWith(".parquet.parts")) return [path];
  const folders = isRunFolder(path) ? writerFolders(path) : [path];
  return folders.flatMap((folder) => {
    const datasetFolder = datasetFolderIn(folder);
    return datasetFolder === undefined ? [] : datasetStreamFiles(datasetFolder);
  });
}

/** The run folder `path` is, or lies in (a dataset folder, a shard's, a file in one). */
function runFolderAround(path: string): string | undefined {
  for (let at = path, level = 0; level < 5; at = dirname(at), level++) if (isRunFolder(at)) return at;
  return undefined;
}
