import type { CandidateTable } from "../../runtime/candidate-table.js";
import type { Environment } from "../../runtime/environment.js";
import { actionKey } from "../../runtime/environment.js";
import { formatNumber, numericCells } from "./cells.js";
import type { Verdicts } from "./verdicts.js";

/** Filters the given rows whose `column` value is above `max`; empty cells carry no evidence and pass. */
export function applyThreshold(table: CandidateTable, verdicts: Verdicts, rows: readonly number[], column: string, max: number): void {
  const values = numericCells(table, column);
  for (const row of rows) {
    const value = values[row] ?? null;
    if (value !== null && value > max) verdicts.reject(row, `${column} ${formatNumber(value)} > ${formatNumber(max)}`);
  }
}

/** Why the irreversible rule cannot run in this environment, if it cannot. */
export function irreversibleProblem(environment: Environment): string | undefined {
  if (environment.isIrreversible) return undefined;
  return `"${environment.name}" cannot tell which actions are irreversible: set irreversible to false (it is on by default)`;
}

/** Filters the given rows whose action the environment says cannot be undone. */
export function applyIrreversible(table: CandidateTable, verdicts: Verdicts, rows: readonly number[], environment: Environment): void {
  if (!environment.isIrreversible) throw new Error(irreversibleProblem(environment));
  const isIrreversible = environment.isIrreversible.bind(environment);
  const known = new Map<string, boolean>();
  for (const row of rows) {
    const action = table.actions[row]!;
    const key = actionKey(action);
    let irreversible = known.get(key);
    if (irreversible === undefined) known.set(key, (irreversible = isIrreversible(action)));
    if (irreversible) verdicts.reject(row, `irreversible: ${environment.describeAction(action)} cannot be undone`);
  }
}

/** Keeps only the k best of the rows still kept, by `column` (higher is better; empty cells rank last). */
export function applyTopK(table: CandidateTable, verdicts: Verdicts, column: string, k: number): void {
  const values = numericCells(table, column);
  const ranked = verdicts
    .keptRows()
    .map((row) => ({ row, value: values[row] ?? null }))
    // Stable sort: ties keep table order, so the first-drawn candidate wins.
    .sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.row - b.row);
  for (const { row } of ranked.slice(k)) verdicts.reject(row, `not in top ${k} by ${column}`);
}
