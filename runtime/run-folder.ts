import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, normalize } from "node:path";
import { writeFileAtomic } from "./atomic-file.js";
import { makeFolder, OutputPathError, pathErrorInWords } from "./output-paths.js";

/**
 * What a run folder holds, by name. Every reader and writer goes through this module:
 * - `pipeline.foresight.json`: the pipeline as run (flags applied, paths pointing back at the original's folder);
 * - `trace.jsonl`: the append-only events (docs/trace-events.md);
 * - `summary.json`: written when the run ends;
 * - `shards/<k>/`: a parallel run's per-worker folders, where file-writing nodes (datasets) write;
 * - `dataset/`: the Dataset collector's default folder (in the run folder, or in each shard's);
 * - `notes.json`: the name and notes a user gave the run (`{ "title", "notes" }`: the editor's, `foresight run --name`);
 * - `environment.json`: what an environment living elsewhere declared of itself (an external one's
 *   spaces), so training can describe it without reaching it;
 * - `running.json`: the process playing the run, while it plays (runtime/run-owner.ts); a killed run leaves it behind.
 */
export const RUN_FOLDER = {
  pipeline: "pipeline.foresight.json",
  trace: "trace.jsonl",
  summary: "summary.json",
  shards: "shards",
  dataset: "dataset",
  notes: "notes.json",
  environment: "environment.json",
  running: "running.json",
  /** A queued run's: which worker played which batch (host/queue/played-by.ts). */
  workers: "workers.json",
} as const;

/**
 * The name a path relative to the run folder starts with, when that name is one the run folder
 * itself uses (its pipeline copy, trace, summary or shards): a node that writes there would break
 * the run folder. Compared without case, as macOS and Windows compare file names.
 */
export function runFolderNameTaken(relativePath: string): string | undefined {
  const first = normalize(relativePath).split(/[\\/]/).find((part) => part !== "" && part !== ".");
  const own = [RUN_FOLDER.pipeline, RUN_FOLDER.trace, RUN_FOLDER.summary, RUN_FOLDER.shards, RUN_FOLDER.notes, RUN_FOLDER.environment, RUN_FOLDER.running, RUN_FOLDER.workers];
  return own.find((name) => name.toLowerCase() === first?.toLowerCase());
}

/** A file of the run folder `runDir`. */
export function runFile(runDir: string, file: "pipeline" | "trace" | "summary" | "notes" | "environment" | "running" | "workers"): string {
  return join(runDir, RUN_FOLDER[file]);
}

/** Whether `dir` is a run folder (it has its pipeline copy). */
export function isRunFolder(dir: string): boolean {
  return existsSync(runFile(dir, "pipeline"));
}

/** The folder of a parallel run's shard `index`. */
export function shardFolder(runDir: string, index: number): string {
  return join(runDir, RUN_FOLDER.shards, String(index));
}

/**
 * The folders where a run's nodes wrote files, in episode order: the run folder, and each shard's
 * for a parallel run (a queued run's files are the run folder's, but for batches a killed producer
 * left waiting in their shards). The run folder is left out where it holds only its own files.
 */
export function writerFolders(runDir: string): string[] {
  const shards = join(runDir, RUN_FOLDER.shards);
  if (!existsSync(shards)) return [runDir];
  const ownWrites = readdirSync(runDir).some((name) => runFolderNameTaken(name) === undefined);
  const shardFolders = readdirSync(shards)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(a) - Number(b))
    .map((name) => join(shards, name));
  return ownWrites ? [runDir, ...shardFolders] : shardFolders;
}

function timestamp(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}-${pad(date.getMilliseconds(), 3)}`
  );
}

/**
 * Makes `<base>/<name>-<timestamp>/` (adding -2, -3 … if two runs start in the same
 * millisecond) and returns its path; the folder name doubles as the run id. Throws
 * OutputPathError, naming the path and why, when `base` cannot hold run folders.
 */
export function createRunFolder(base: string, name: string, now = new Date()): string {
  makeFolder(base);
  const stem = join(base, `${name}-${timestamp(now)}`);
  // mkdir itself claims the name: a sweep's runs start in threads and processes of their own, and a
  // name seen free a moment ago may be taken by another run before this one makes it.
  for (let n = 1; ; n++) {
    const dir = n === 1 ? stem : `${stem}-${n}`;
    try {
      mkdirSync(dir);
      return dir;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") throw new OutputPathError(`cannot make the run folder ${dir}: ${pathErrorInWords(error)}`);
    }
  }
}

/** Writes a run's name and notes (notes.json, atomically), trimmed; both empty removes them. */
export function writeRunNotes(runDir: string, notes: { title: string; notes: string }): void {
  const title = notes.title.trim();
  const text = notes.notes.trim();
  if (title === "" && text === "") rmSync(runFile(runDir, "notes"), { force: true });
  else writeFileAtomic(runFile(runDir, "notes"), `${JSON.stringify({ title, notes: text }, null, 2)}\n`);
}
