import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parquetMetadata } from "hyparquet";
import { readParquetFile } from "./parquet-io.js";
import { listParts } from "./parquet-parts.js";
import { readJsonLinesAsWritten } from "./read-dataset.js";
import { STREAM_COLUMNS, streamFiles } from "./streams.js";

/** What one stream file of a dataset holds, as `foresight dataset inspect` shows it. */
export interface StreamFileSummary {
  file: string;
  format: "Parquet" | "JSONL" | "Parquet parts";
  rows: number;
  episodes: number;
  /** Column name → type: Parquet's physical type, or the JSON types its values take. */
  columns: Record<string, string>;
  /** What is wrong with it, in words, where something is: a torn end, an unreadable file, parts never merged. */
  damage?: string;
}

/** The stream files of a dataset folder (`transitions`, `preferences`, `candidates`), in each format present. */
export function datasetStreamFiles(folder: string): string[] {
  return Object.keys(STREAM_COLUMNS).flatMap((stream) => {
    const files = streamFiles(folder, stream);
    return [files.parquet, files.jsonl, files.parts].filter((path) => existsSync(path));
  });
}

/** Reads one stream file (a .parquet, a .jsonl, or a .parquet.parts folder) and says what it holds. */
export async function summarizeStreamFile(file: string): Promise<StreamFileSummary> {
  if (statSync(file).isDirectory()) {
    const parts = listParts(file);
    const records = [];
    // One push per record: spreading a large part into push() overflows the call stack.
    for (const part of parts) for (const record of await readParquetFile(part.path)) records.push(record);
    return { file, format: "Parquet parts", ...counts(records), damage: `unfinished: ${parts.length} parts never merged (a killed run's)` };
  }
  if (file.endsWith(".jsonl")) {
    try {
      const read = readJsonLinesAsWritten(file);
      return { file, format: "JSONL", ...counts(read.records), ...(read.torn ? { damage: "its last line is cut off (a run killed mid-write)" } : {}) };
    } catch (error) {
      return { file, format: "JSONL", rows: 0, episodes: 0, columns: {}, damage: `cannot be read (${(error as Error).message.split("\n")[0]!})` };
    }
  }
  try {
    const bytes = readFileSync(file);
    const schema = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).schema.slice(1);
    const summary = counts(await readParquetFile(file));
    return { ...summary, file, format: "Parquet", columns: Object.fromEntries(schema.map((column) => [column.name, column.type === "BYTE_ARRAY" && column.converted_type === "UTF8" ? "STRING" : (column.type ?? "group")])) };
  } catch (error) {
    return { file, format: "Parquet", rows: 0, episodes: 0, columns: {}, damage: `cannot be read (${(error as Error).message.split("\n")[0]!})` };
  }
}

function counts(records: readonly Record<string, unknown>[]): Pick<StreamFileSummary, "rows" | "episodes" | "columns"> {
  const types = new Map<string, Set<string>>();
  for (const record of records) {
    for (const [name, value] of Object.entries(record)) {
      const seen = types.get(name) ?? new Set<string>();
      seen.add(value === null ? "null" : typeof value);
      types.set(name, seen);
    }
  }
  return {
    rows: records.length,
    episodes: new Set(records.map((record) => record["episode"])).size,
    columns: Object.fromEntries([...types].map(([name, seen]) => [name, [...seen].join(" | ")])),
  };
}

/** The dataset folders of a folder: itself where it holds streams, else its `dataset/` folder. */
export function datasetFolderIn(folder: string): string | undefined {
  if (datasetStreamFiles(folder).length > 0) return folder;
  const nested = join(folder, "dataset");
  return existsSync(nested) && datasetStreamFiles(nested).length > 0 ? nested : undefined;
}
