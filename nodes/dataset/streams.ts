import { join } from "node:path";
import { Column } from "../../runtime/candidate-table.js";
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
 * The columns of each stream that are INT32 in Parquet when they appear (StreamColumns): of the
 * candidate columns nodes agree on, those kinds declare as integers (the sampler's `count`; a test
 * holds this to the kinds' catalog). Learned from JSON text, where 3 and 3.0 are one, they were doubles.
 */
export const STREAM_INTEGERS: Readonly<Record<keyof typeof STREAM_COLUMNS, readonly string[]>> = {
  transitions: [],
  preferences: [],
  candidates: [Column.count],
};

/**
 * The files of one stream in a dataset folder: `<stream>.jsonl`, `<stream>.parquet`, and the
 * `<stream>.parquet.parts` folder a running or killed run keeps. Every writer and reader names them here.
 */
export function streamFiles(folder: string, stream: string): { jsonl: string; parquet: string; parts: string } {
  const parquet = join(folder, `${stream}.parquet`);
  return { jsonl: join(folder, `${stream}.jsonl`), parquet, parts: `${parquet}.parts` };
}
