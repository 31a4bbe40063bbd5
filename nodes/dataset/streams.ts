import type { ColumnType } from "./columns.js";
import { preferenceColumns } from "./preference-pair.js";
import { candidateColumns, transitionColumns } from "./records.js";

/** The collector's streams, by the file name each is written under, with their declared columns. */
export const STREAM_COLUMNS: Readonly<Record<"transitions" | "preferences" | "candidates", Readonly<Record<string, ColumnType>>>> = {
  transitions: transitionColumns,
  preferences: preferenceColumns,
  candidates: candidateColumns,
};
