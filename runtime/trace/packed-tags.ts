/*
 * The packed form of trace events (packed-events.ts packs them on the run's thread, packed-lines.ts
 * writes their lines on the writer thread): a tag per value in a byte array, numbers in a Float64Array.
 */

export const UNDEFINED = 0;
export const NULL = 1;
export const FALSE = 2;
export const TRUE = 3;
export const NUMBER = 4;
/** A string sent before (or with this batch): its number in the run's string table. */
export const STRING = 5;
/** A long string or one past the table's cap: its index in the batch's own list. */
export const LONG_STRING = 6;
export const ARRAY = 7;
export const OBJECT = 8;
/** JSON text of a value that is not plain data (toJSON, a class instance, a typed array), parsed on the other side. */
export const JSON_TEXT = 9;
/** A candidate table: its actions, then each column's name and cells. */
export const TABLE = 10;
/** Cells that are all numbers: their count, then the numbers. */
export const NUMBERS = 11;
/** The same object as an earlier cell of the same table (rows compare cells by identity). */
export const SAME_AS = 12;
/** Cells that are all booleans: their count, then 0 or 1 each. */
export const BOOLEANS = 13;
/** Cells that are all null: their count. */
export const NULLS = 14;
/** A frozen plain value met before (the engine's input references, summaries' markers): its JSON text's number in the run's string table. */
export const FROZEN = 15;

/** What one post carries: `events` events in `tags`/`numbers` (the first `tagCount`/`numberCount` entries). */
export interface PackedBatch {
  events: number;
  tags: Uint8Array<ArrayBuffer>;
  tagCount: number;
  numbers: Float64Array<ArrayBuffer>;
  numberCount: number;
  /** Strings added to the run's table, in order of their numbers. */
  shared: string[];
  /** This batch's other strings (LONG_STRING) and JSON texts (JSON_TEXT). */
  texts: string[];
}
