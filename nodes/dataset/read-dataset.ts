import { readFileSync, statSync } from "node:fs";
import type { DatasetRecord } from "./columns.js";
import { listParts, readParquetFile } from "./parquet-io.js";

/**
 * Reads a dataset stream: a `.jsonl` file, a `.parquet` file, or a `.parquet.parts` folder
 * (what a killed run leaves: its finished episodes, read in episode order). Every record gets
 * every column of the stream, null where absent (columns a run learned after its first episodes).
 */
export async function readDataset(path: string): Promise<DatasetRecord[]> {
  if (statSync(path).isDirectory()) {
    const records: DatasetRecord[] = [];
    for (const part of listParts(path)) for (const record of await readParquetFile(part)) records.push(record);
    return withAllColumns(records);
  }
  if (path.endsWith(".jsonl")) return withAllColumns(readJsonLines(path));
  if (path.endsWith(".parquet")) return withAllColumns(await readParquetFile(path));
  throw new Error(`${path}: not a dataset (expected a .jsonl file, a .parquet file or a .parquet.parts folder)`);
}

/**
 * Every complete line as a record. The writer ends each line with a newline, so text after the
 * last newline is a write cut short by a kill and is left out; a bad line anywhere else is damage.
 */
function readJsonLines(path: string): DatasetRecord[] {
  const lines = readFileSync(path, "utf8").split("\n");
  lines.pop();
  return lines.map((line, index) => {
    try {
      return JSON.parse(line) as DatasetRecord;
    } catch (error) {
      throw new Error(`${path}, line ${index + 1}: not a JSON record (${(error as Error).message})`, { cause: error });
    }
  });
}

function withAllColumns(records: DatasetRecord[]): DatasetRecord[] {
  const names = new Set<string>();
  for (const record of records) for (const name of Object.keys(record)) names.add(name);
  if (records.every((record) => Object.keys(record).length === names.size)) return records;
  return records.map((record) => Object.fromEntries([...names].map((name) => [name, record[name] ?? null])));
}
