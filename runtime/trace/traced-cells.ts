import type { CandidateRow } from "../../protocol/values.js";
import type { CandidateTable } from "../candidate-table.js";

/**
 * Strings longer than this (in UTF-16 units) are summarised in traces: a 2 MB text column would
 * otherwise be written again by every node and step that passes it on (977 MB in 16 steps).
 */
export const MAX_TRACED_TEXT = 4096;
/** Characters a summarised string keeps. */
export const TEXT_HEAD = 256;

/** A table cell as traced: cells stay scalars (columns line up), so a long string is cut, saying how long it was. */
export function tracedCell<T>(cell: T): T | string {
  return typeof cell === "string" && cell.length > MAX_TRACED_TEXT ? `${cell.slice(0, TEXT_HEAD)}… (${cell.length} characters)` : cell;
}

/** A column as traced: the column itself (tables never change theirs) unless a cell is cut, which only a copy may show. */
export function tracedColumn<T>(values: readonly T[]): readonly (T | string)[] {
  for (const cell of values) if (typeof cell === "string" && cell.length > MAX_TRACED_TEXT) return values.map(tracedCell);
  return values;
}

/** A candidate table's rows as traced (step.end, node outputs): long strings in cells cut. */
export function tracedRows(table: CandidateTable): CandidateRow[] {
  const rows = table.rows();
  return hasLongText(table) ? rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, cell]) => [key, tracedCell(cell)])) as CandidateRow) : rows;
}

/** Whether a cell of the table (its actions included) is a string tracedCell cuts. */
function hasLongText(table: CandidateTable): boolean {
  const isLong = (cell: unknown) => typeof cell === "string" && cell.length > MAX_TRACED_TEXT;
  return table.actions.some(isLong) || table.columnNames().some((name) => table.column(name)!.some(isLong));
}

