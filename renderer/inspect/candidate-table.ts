import type { CandidateRow, JsonValue } from "../../protocol/index.js";
import type { StepDetail } from "../trace/trace-types.js";

/** Columns shown first, in this order, when a table has them; the executor's verdict columns go last. */
const FIRST = ["action", "logp", "greedy", "q", "value", "advantage", "risk", "return", "predictedReturn", "predicted_return", "rolloutReturn"];
const LAST = ["filtered", "reason", "selected"];

export interface CandidateTable {
  columns: string[];
  rows: CandidateRow[];
  /** false while the step is still going (built from its node.end outputs so far). */
  final: boolean;
}

function isRowArray(value: JsonValue | undefined): value is CandidateRow[] {
  return Array.isArray(value) && value.length > 0 && value.every((row) => row !== null && typeof row === "object" && !Array.isArray(row) && "action" in row);
}

/**
 * The step's candidate table: the executor's final table from step.end, or, while the step runs,
 * the sampler's rows with each later node's `$candidatesFrom` columns merged in as they arrive.
 */
export function candidateTable(detail: StepDetail | undefined): CandidateTable | null {
  if (!detail) return null;
  if (detail.end?.candidates) return { columns: orderColumns(detail.end.candidates), rows: detail.end.candidates, final: true };
  let rows: CandidateRow[] | null = null;
  for (const run of detail.nodes) {
    for (const value of Object.values(run.outputs ?? {})) {
      if (isRowArray(value)) rows = value.map((row) => ({ ...row }));
      else if (rows && value && typeof value === "object" && !Array.isArray(value) && "$candidatesFrom" in value) {
        const columns = value.columns as Record<string, JsonValue[]> | undefined;
        for (const [name, column] of Object.entries(columns ?? {}))
          if (Array.isArray(column)) column.forEach((cell, index) => rows![index] && (rows![index]![name] = cell as CandidateRow[string]));
      }
    }
  }
  return rows ? { columns: orderColumns(rows), rows, final: false } : null;
}

export function orderColumns(rows: readonly CandidateRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  const first = FIRST.filter((name) => seen.has(name));
  const last = LAST.filter((name) => seen.has(name) && name !== "reason");
  const middle = [...seen].filter((name) => !FIRST.includes(name) && !LAST.includes(name));
  return [...first, ...middle, ...last];
}

/** The column the score chart draws: Q if there is one, else the first other numeric score. */
export function scoreColumn(table: CandidateTable): string | null {
  for (const name of ["q", "value", "predictedReturn", "return", "logp"]) if (table.columns.includes(name)) return name;
  return table.columns.find((name) => name !== "action" && table.rows.some((row) => typeof row[name] === "number")) ?? null;
}

export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(4);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Sorts a copy of the rows (with their original index) by a column. */
export function sortRows(rows: readonly CandidateRow[], column: string | null, descending: boolean): { row: CandidateRow; index: number }[] {
  const indexed = rows.map((row, index) => ({ row, index }));
  if (!column) return indexed;
  const sign = descending ? -1 : 1;
  return indexed.sort((a, b) => {
    const x = a.row[column];
    const y = b.row[column];
    if (typeof x === "number" && typeof y === "number") return sign * (x - y) || a.index - b.index;
    return sign * formatCell(x).localeCompare(formatCell(y)) || a.index - b.index;
  });
}
