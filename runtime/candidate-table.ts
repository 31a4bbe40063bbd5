import type { CandidateRow } from "../protocol/values.js";
import type { Action } from "./environment.js";

/** A value in a candidate-table cell. */
export type Cell = number | string | boolean | null;

/** Column names that nodes agree on; any other name is allowed too. */
export const Column = {
  logp: "logp",
  count: "count",
  greedy: "greedy",
  q: "q",
  risk: "risk",
  irreversible: "irreversible",
  predictedReturn: "return",
  filtered: "filtered",
  reason: "reason",
  selected: "selected",
} as const;

/** A column's values, once checked to fit a table of `size` rows. */
function checkedColumn(name: string, values: readonly Cell[], size: number): readonly Cell[] {
  if (name === "action") throw new Error('"action" is reserved for the candidate actions');
  if (values.length !== size) throw new Error(`column "${name}" has ${values.length} values for ${size} candidates`);
  return values;
}

/** One row, as traces and datasets show it (shared with the editor, so it lives in protocol/). */
export type { CandidateRow } from "../protocol/values.js";

/**
 * The candidates of one step: one row per candidate action, one column per fact
 * a node added (log-prob, Q, risk, predicted return, filtered + reason, selected).
 * Immutable: `withColumn` returns a new table sharing the other columns, so nodes
 * running concurrently never see each other's half-written columns.
 */
export class CandidateTable {
  private constructor(
    readonly actions: readonly Action[],
    private readonly columns: ReadonlyMap<string, readonly Cell[]>,
  ) {}

  static of(actions: readonly Action[], columns: Record<string, readonly Cell[]> = {}): CandidateTable {
    const map = new Map<string, readonly Cell[]>();
    for (const name in columns) map.set(name, checkedColumn(name, columns[name]!, actions.length));
    return new CandidateTable(actions, map);
  }

  get size(): number {
    return this.actions.length;
  }

  columnNames(): string[] {
    return [...this.columns.keys()];
  }

  has(name: string): boolean {
    return this.columns.has(name);
  }

  column(name: string): readonly Cell[] | undefined {
    return this.columns.get(name);
  }

  /** A numeric column; throws with the available names when it is missing or not numeric. */
  numbers(name: string): readonly number[] {
    const values = this.columns.get(name);
    if (!values) {
      throw new Error(`the candidate table has no column "${name}" (columns: ${["action", ...this.columnNames()].join(", ")})`);
    }
    const bad = values.findIndex((v) => typeof v !== "number");
    if (bad >= 0) throw new Error(`column "${name}" is not numeric (row ${bad} holds ${JSON.stringify(values[bad])})`);
    return values as readonly number[];
  }

  /** Rows not marked filtered. */
  keptIndices(): number[] {
    const filtered = this.columns.get(Column.filtered);
    const kept: number[] = [];
    for (let i = 0; i < this.actions.length; i++) if (filtered?.[i] !== true) kept.push(i);
    return kept;
  }

  withColumn(name: string, values: readonly Cell[]): CandidateTable {
    const columns = new Map(this.columns);
    columns.set(name, checkedColumn(name, values, this.actions.length));
    return new CandidateTable(this.actions, columns);
  }

  row(index: number): CandidateRow {
    const row: CandidateRow = { action: this.actions[index]! };
    for (const [name, values] of this.columns) row[name] = values[index] ?? null;
    return row;
  }

  rows(): CandidateRow[] {
    // The columns listed once, not per row: iterating the map for every row cost more than building the rows.
    const names = [...this.columns.keys()];
    const columns = [...this.columns.values()];
    const rows = new Array<CandidateRow>(this.actions.length);
    for (let i = 0; i < rows.length; i++) {
      const row: CandidateRow = { action: this.actions[i]! };
      for (let c = 0; c < names.length; c++) row[names[c]!] = columns[c]![i] ?? null;
      rows[i] = row;
    }
    return rows;
  }

  toJSON(): { rows: CandidateRow[] } {
    return { rows: this.rows() };
  }
}
