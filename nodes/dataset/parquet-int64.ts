import type { DatasetRecord } from "./columns.js";

/**
 * Turns the bigints hyparquet reads INT64 columns as (pandas' default for whole numbers, and
 * polars') into numbers, in place. Our writer stores whole numbers as INT32; a file written
 * elsewhere can hold values no JavaScript number holds exactly, and those are refused rather than
 * rounded: a step or episode number off by one would misplace a record without a word.
 * `firstRow` is the file's 0-based row of `records[0]`; rows are named 1-based, as "record N".
 */
export function int64AsNumbers(records: DatasetRecord[], path: string, firstRow: number): void {
  records.forEach((record, index) => {
    for (const [column, value] of Object.entries(record) as [string, unknown][]) {
      if (typeof value !== "bigint") continue;
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new Error(
          `${path}, record ${firstRow + index + 1}: column "${column}" holds ${value}, beyond ±${Number.MAX_SAFE_INTEGER} (2^53 − 1), the largest whole number read exactly; store it as a float64 or text column`,
        );
      }
      record[column] = Number(value);
    }
  });
}
