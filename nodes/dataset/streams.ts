import { join } from "node:path";
import type { ColumnType } from "./columns.js";
import { preferenceColumns } from "./preference-pair.js";
import { candidateColumns, transitionColumns } from "./records.js";

/** The collector's streams, by the file name each is written under, with their declared columns. */
export const STREAM_COLUMNS: Readonly<Record<"transitions" | "preferences" | "candidates", Readonly<Record<string, ColumnType>>>> = {
  transitions: transitionColumns,
  preferences: preferenceColumns,
  candidates: candidateColumns,
};

/**
 * The files of one stream in a dataset folder: `<stream>.jsonl`, `<stream>.parquet`, and the
 * `<stream>.parquet.parts` folder a running or killed run keeps. Every writer and reader names them here.
 */
export function streamFiles(folder: string, stream: string): { jsonl: string; parquet: string; parts: string } {
  const parquet = join(folder, `${stream}.parquet`);
  return { jsonl: join(folder, `${stream}.jsonl`), parquet, parts: `${parquet}.parts` };
}
