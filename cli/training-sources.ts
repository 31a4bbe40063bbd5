import { realpathSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { EXIT, ExitError } from "./exit.js";

/** A dataset path as the user named it: after the task (`train q runs/a`) or with --data; errors name it the same way. */
export interface DataPath {
  path: string;
  /** Given as `--data <path>`. */
  withFlag: boolean;
}

/** A dataset file to read, and how its errors name it: as typed where it was, else by its own path. */
export interface DatasetFile {
  path: string;
  name: string;
}

/** What one data path led to: its transitions files, and the run folder they lie in (where its pipeline copy is). */
export interface LocatedData {
  given: DataPath;
  files: DatasetFile[];
  runDir: string | undefined;
}

export const typed = (data: DataPath) => (data.withFlag ? `--data ${data.path}` : data.path);

/**
 * Which records a transitions file holds, as a real path: a dataset folder's .parquet, .jsonl and
 * .parquet.parts are one stream's records in three forms, so a run folder and its own
 * dataset/transitions.jsonl are the same data although the run folder is read from its .parquet.
 */
function recordsOf(file: string): string {
  const real = realpathSync(file);
  return /^transitions\.(jsonl|parquet|parquet\.parts)$/.test(basename(real)) ? join(dirname(real), "transitions") : real;
}

/**
 * Refuses two data paths that lead to the same records (`train q runs/a runs/a`, or `runs/a
 * runs/a/dataset/transitions.jsonl`): each transition would count twice, and the episodes held out
 * for validation would be trained on as their copies.
 */
export function refuseRepeatedData(located: readonly LocatedData[]): void {
  const seen = new Map<string, DataPath>();
  for (const { given, files } of located) {
    for (const file of files) {
      const records = recordsOf(file.path);
      const first = seen.get(records);
      if (first !== undefined && first !== given) {
        throw new ExitError(EXIT.invalid, `${typed(first)} and ${typed(given)} are the same data (${file.path}): it would be trained on twice, and its validation episodes trained on too; name it once`);
      }
      seen.set(records, given);
    }
  }
}
