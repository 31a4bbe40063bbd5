import type { Action } from "../../protocol/index.js";
import type { CandidateTable } from "./candidate-table.js";

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
function field(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The step's candidates as CSV, in row order: the row number, the action (as the environment names it,
 * then as recorded) and every column's raw value (numbers unrounded, for analysis elsewhere).
 */
export function candidatesCsv(table: CandidateTable, actionLabel: (action: Action) => string): string {
  const columns = table.columns.filter((column) => column.name !== "action");
  const header = ["#", "action", "action_value", ...columns.map((column) => column.name)];
  const lines = table.rows.map((row, index) => [index, actionLabel(row.action), row.action, ...columns.map((column) => row[column.name])].map(field).join(","));
  return `${[header.map(field).join(","), ...lines].join("\r\n")}\r\n`;
}
