import { isCandidateRows, tracedMarker, type CandidateRow, type KindDescription } from "../../protocol/index.js";
import type { CandidateView } from "../environments/scene-view.js";
import type { StepDetail } from "../trace/trace-types.js";
import { ACTION_COLUMN, columnDeclarations, formatCell, type ShownColumn } from "./columns.js";

/** What the verdict columns (`marks`) say of one row. */
export interface RowVerdict {
  /** A column marked it excluded (filtered): it is not a choice any more. */
  excluded: boolean;
  /** Why, from that column's reason column. */
  reason?: string;
  /** A column marked it as the one executed. */
  chosen: boolean;
}

export interface CandidateTable {
  /** The action first, then the columns in the order nodes added them, verdict columns last. */
  columns: ShownColumn[];
  rows: CandidateRow[];
  verdicts: RowVerdict[];
  /** The score the chart draws and the environment view weighs moves by (see `scoreOf`); null when none. */
  score: ShownColumn | null;
  /** false while the step is still going (built from its node.end outputs so far). */
  final: boolean;
}

/**
 * The step's candidate table: the executor's final table from step.end, or, while the step runs,
 * the first table's rows with each later node's added columns (`$candidatesFrom`) merged in as they
 * arrive. Columns are described by the kinds in `kinds` (the kind catalog).
 */
export function candidateTable(detail: StepDetail | undefined, kinds: readonly KindDescription[]): CandidateTable | null {
  if (!detail) return null;
  const declared = columnDeclarations(
    kinds,
    detail.nodes.map((run) => run.kind),
  );
  if (detail.end?.candidates) return describe(detail.end.candidates, declared, true);
  let rows: CandidateRow[] | null = null;
  for (const run of detail.nodes) {
    for (const value of Object.values(run.outputs ?? {})) {
      if (isCandidateRows(value)) rows = value.map((row) => ({ ...row }));
      const marker = tracedMarker(value);
      if (rows && marker && "$candidatesFrom" in marker) {
        for (const [name, column] of Object.entries(marker.columns)) column.forEach((cell, index) => rows![index] && (rows![index]![name] = cell));
      }
    }
  }
  return rows ? describe(rows, declared, false) : null;
}

function describe(rows: CandidateRow[], declared: ReadonlyMap<string, ShownColumn>, final: boolean): CandidateTable {
  const columns = orderColumns(rows, declared);
  return { columns, rows, verdicts: rows.map((row) => verdictOf(row, columns)), score: scoreOf(columns, rows), final };
}

/**
 * The action, then every column in the order nodes added them (a row's key order), verdict columns
 * last; a reason column is left out where its verdict column shows it.
 */
export function orderColumns(rows: readonly CandidateRow[], declared: ReadonlyMap<string, ShownColumn>): ShownColumn[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) if (key !== ACTION_COLUMN.name) seen.add(key);
  const shown = [...seen].map((name) => declared.get(name) ?? { name, label: name });
  const reasons = new Set(shown.flatMap((column) => (column.marks === "excluded" && column.reasonColumn ? [column.reasonColumn] : [])));
  const kept = shown.filter((column) => !reasons.has(column.name));
  return [ACTION_COLUMN, ...kept.filter((column) => !column.marks), ...kept.filter((column) => column.marks)];
}

/**
 * The column the score chart draws: the last declared score (`chart`) in the order nodes added them,
 * since each scorer refines what came before (log-prob, then Q, then a look-ahead's return); else the
 * first numeric column no kind declares (a Script's); else none.
 */
export function scoreOf(columns: readonly ShownColumn[], rows: readonly CandidateRow[]): ShownColumn | null {
  const charted = columns.filter((column) => column.chart);
  if (charted.length > 0) return charted.at(-1)!;
  return columns.find((column) => !column.format && rows.some((row) => typeof row[column.name] === "number")) ?? null;
}

function verdictOf(row: CandidateRow, columns: readonly ShownColumn[]): RowVerdict {
  const verdict: RowVerdict = { excluded: false, chosen: false };
  for (const column of columns) {
    if (row[column.name] !== true) continue;
    if (column.marks === "chosen") verdict.chosen = true;
    if (column.marks === "excluded") {
      verdict.excluded = true;
      const reason = column.reasonColumn ? row[column.reasonColumn] : undefined;
      if (typeof reason === "string" && reason) verdict.reason = reason;
    }
  }
  return verdict;
}

/** The table's candidates as environment views draw them. */
export function candidateViews(table: CandidateTable | null): CandidateView[] {
  if (!table) return [];
  const score = table.score?.name;
  return table.rows.map((row, index) => {
    const value = score === undefined ? undefined : row[score];
    return { action: row.action, score: typeof value === "number" ? value : null, ...table.verdicts[index]! };
  });
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
