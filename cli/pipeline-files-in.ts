import { join } from "node:path";
import { existsSync, readdirSync, statSync } from "node:fs";
import { isRunFolder, runFile } from "../runtime/run-folder.js";

/** Folders no one keeps their own pipelines in: a walk into them would find thousands of files or run folders' copies. */
const SKIPPED = new Set(["node_modules", ".git"]);

/**
 * The files a command line names: each file as it is, and in place of a folder the
 * `*.foresight.json` files under it, sorted (run folders left out: their copy of the pipeline is a
 * record of a run, as the editor's file list leaves it out). `onFolder` hears how many each folder held.
 */
export function pipelineFilesIn(paths: readonly string[], onFolder: (folder: string, count: number) => void): string[] {
  return paths.flatMap((path) => {
    if (!isFolder(path)) return [path];
    const found = foresightFilesUnder(path);
    onFolder(path, found.length);
    return found;
  });
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    // Reading it says what is wrong, as for any file.
    return false;
  }
}

/** A run folder: its pipeline copy and what the run wrote (a folder of the user's own may hold a pipeline.foresight.json). */
function isRunRecord(folder: string): boolean {
  return isRunFolder(folder) && (existsSync(runFile(folder, "summary")) || existsSync(runFile(folder, "trace")));
}

function foresightFilesUnder(folder: string): string[] {
  const found: string[] = [];
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && !SKIPPED.has(entry.name) && !isRunRecord(path)) found.push(...foresightFilesUnder(path));
    else if (entry.isFile() && entry.name.endsWith(".foresight.json")) found.push(path);
  }
  return found;
}
