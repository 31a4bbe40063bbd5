import type { CandidateTable } from "../../runtime/candidate-table.js";

/** A numeric column whose cells may be empty (null), e.g. on a fallback row another filter appended. */
export function numericCells(table: CandidateTable, name: string): readonly (number | null)[] {
  const values = table.column(name);
  if (!values) throw new Error(missingColumnMessage(table, name));
  const bad = values.findIndex((v) => v !== null && typeof v !== "number");
  if (bad >= 0) throw new Error(`column "${name}" is not numeric (row ${bad} holds ${JSON.stringify(values[bad])})`);
  return values as readonly (number | null)[];
}

/** The error for a column the table lacks, listing the ones it has so the user can fix the param. */
export function missingColumnMessage(table: CandidateTable, name: string): string {
  return `the candidate table has no column "${name}" (columns: ${["action", ...table.columnNames()].join(", ")})`;
}

/** A short number for reasons: "0.72", not "0.7200000000000001". */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}
