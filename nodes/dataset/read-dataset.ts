import { existsSync, readFileSync, statSync } from "node:fs";
import type { DatasetRecord } from "./columns.js";
import { parseDatasetLine } from "./jsonl-batches.js";
import { readParquetFile } from "./parquet-io.js";
import { listParts } from "./parquet-parts.js";

/**
 * Reads a dataset stream: a `.jsonl` file, a `.parquet` file, or a `.parquet.parts` folder (what
 * a killed or running run has). A parts folder reads as its stream's JSON Lines file when there is
 * one (every finished episode; beside it the folder holds no parts), else as its parts, which lag
 * the episodes by up to a second.
 * Reading never changes the folder: `repairDatasets` rebuilds the Parquet file. Every record gets
 * every column of the stream, null where absent (columns a run learned after its first episodes).
 */
export async function readDataset(path: string): Promise<DatasetRecord[]> {
  if (statSync(path).isDirectory()) {
    const jsonl = jsonlBeside(path);
    if (jsonl && existsSync(jsonl)) return withAllColumns(readJsonLines(jsonl));
    return withAllColumns(await readParts(path));
  }
  if (path.endsWith(".jsonl")) return withAllColumns(readJsonLines(path));
  if (path.endsWith(".parquet")) return withAllColumns(await readParquetFile(path));
  throw new Error(`${path}: not a dataset (expected a .jsonl file, a .parquet file or a .parquet.parts folder)`);
}

/** `<stream>.jsonl` for `<stream>.parquet.parts`. */
export function jsonlBeside(partsFolder: string): string | undefined {
  const suffix = ".parquet.parts";
  const folder = partsFolder.replace(/[\\/]+$/, "");
  return folder.endsWith(suffix) ? `${folder.slice(0, -suffix.length)}.jsonl` : undefined;
}

/** The records of a parts folder's parts, in the order their episodes finished. */
export async function readParts(folder: string): Promise<DatasetRecord[]> {
  const records: DatasetRecord[] = [];
  for (const part of listParts(folder)) for (const record of await readParquetFile(part.path)) records.push(record);
  return records;
}

/**
 * Every complete line of every whole episode as a record. The writer ends each line with a newline
 * and writes an episode's lines in one write, so text after the last newline is a write cut short
 * by a kill — which Linux may cut at any page, after some of the episode's lines — and that
 * episode is left out whole (told by the cut line's episode number: a cut within its first dozen
 * bytes leaves the lines before it in); a bad line anywhere else is damage. Blank lines are skipped.
 */
export function readJsonLines(path: string): DatasetRecord[] {
  return readJsonLinesAsWritten(path).records;
}

/** A JSON Lines file's records as `readJsonLines` reads them, each one's line (1-based), and what a torn end left out. */
export interface JsonLinesRead {
  records: DatasetRecord[];
  lines: number[];
  /** Set where the file ends in a cut-off line: the episode it belonged to (left out whole), where the line tells it. */
  torn?: { episode: number | undefined };
}

export function readJsonLinesAsWritten(path: string): JsonLinesRead {
  const texts = readFileSync(path, "utf8").split("\n");
  const tornText = texts.pop()!;
  const records: DatasetRecord[] = [];
  const lines: number[] = [];
  texts.forEach((text, index) => {
    // A blank line (an editor's or a `cat`'s trailing newline) holds no record.
    if (text.trim() === "") return;
    records.push(parseDatasetLine(text, path, index + 1));
    lines.push(index + 1);
  });
  if (tornText.trim() === "") return { records, lines };
  const episode = episodeOfLine(tornText);
  if (episode !== undefined) {
    while (records.length > 0 && records.at(-1)!["episode"] === episode) {
      records.pop();
      lines.pop();
    }
  }
  return { records, lines, torn: { episode } };
}

/** The episode a dataset line (or the start of one, at least a dozen bytes) belongs to: every stream's lines begin with it. */
export function episodeOfLine(line: string): number | undefined {
  const number = /^\{"episode":(\d+)[,}]/.exec(line)?.[1];
  return number === undefined ? undefined : Number(number);
}

function withAllColumns(records: DatasetRecord[]): DatasetRecord[] {
  const names = new Set<string>();
  for (const record of records) for (const name of Object.keys(record)) names.add(name);
  if (records.every((record) => Object.keys(record).length === names.size)) return records;
  return records.map((record) => Object.fromEntries([...names].map((name) => [name, record[name] ?? null])));
}
