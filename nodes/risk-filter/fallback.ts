import { CandidateTable, type Cell } from "../../runtime/candidate-table.js";
import type { Action } from "../../runtime/environment.js";
import { actionKey } from "../../runtime/environment.js";
import { formatNumber, numericCells } from "./cells.js";
import type { RiskFilterParams } from "./params.js";
import type { Verdicts } from "./verdicts.js";

/** The table and verdicts after a fallback (safe-default may add a row). */
export interface FallbackResult {
  table: CandidateTable;
  verdicts: Verdicts;
}

/** What to do when every candidate was filtered; the choice is recorded in the reasons. */
export function applyFallback(table: CandidateTable, verdicts: Verdicts, params: RiskFilterParams): FallbackResult {
  switch (params.fallback) {
    case "least-risky":
      keepLeastRisky(table, verdicts, params.column);
      return { table, verdicts };
    case "safe-default":
      // The params schema refuses safe-default without a safeAction.
      return keepSafeDefault(table, verdicts, params.safeAction!);
    case "end-episode":
      // Nothing is kept: the executor ends the episode without acting and records these reasons.
      verdicts.annotateAll("fallback: end episode");
      return { table, verdicts };
  }
}

function keepLeastRisky(table: CandidateTable, verdicts: Verdicts, column: string): void {
  // Only with the threshold off and the default column (readsRiskColumn): no risk is known.
  if (!table.has(column)) {
    if (table.size > 0) verdicts.keep(0, `fallback: every candidate was filtered; no "${column}" column, kept the first`);
    return;
  }
  const values = numericCells(table, column);
  let best = -1;
  values.forEach((value, row) => {
    const bestValue = values[best] ?? null;
    if (value !== null && (bestValue === null || value < bestValue)) best = row;
  });
  // With no risk known anywhere, the first candidate is as good a guess as any.
  if (best < 0 && table.size > 0) best = 0;
  if (best < 0) return;
  const value = values[best] ?? null;
  const risk = value === null ? "unknown" : formatNumber(value);
  verdicts.keep(best, `fallback: every candidate was filtered; kept the least risky (${column} ${risk})`);
}

function keepSafeDefault(table: CandidateTable, verdicts: Verdicts, safeAction: Action): FallbackResult {
  const reason = "fallback: safe default action";
  const key = actionKey(safeAction);
  const row = table.actions.findIndex((action) => actionKey(action) === key);
  if (row >= 0) {
    verdicts.keep(row, reason);
    return { table, verdicts };
  }
  const columns: Record<string, readonly Cell[]> = {};
  for (const name of table.columnNames()) columns[name] = [...table.column(name)!, null];
  verdicts.append(false, reason);
  return { table: CandidateTable.of([...table.actions, safeAction], columns), verdicts };
}
