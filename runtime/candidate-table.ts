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
  /** A candidate's raw text as a language model wrote it (the LLM policy's); preference pairs are made of it where present. */
  text: "text",
} as const;

/** A column's values, once checked to fit a table of `size` rows. */
function checkedColumn(name: string, values: readonly Cell[], size: number): readonly Cell[] {
  if (name === "action") throw new Error('"action" is reserved for the candidate actions');
  if (values.length !== size) throw new Error(`column "${name}" has ${values.length} values for ${size} candidates`);
  return values;
}

/** The lists handed out by everyRow, by size: an executor asks every step of every lockstep lane. */
const rowLists: (readonly number[])[] = [];

/** The row indices 0..n-1. */
function everyRow(n: number): readonly number[] {
  return (rowLists[n] ??= Array.from({ length: n }, (_, i) => i));
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
  /**
   * Column names and values side by side, in the order they were added (a replaced column keeps
   * its place): `withColumn` copies two short arrays, cheaper than the Map it replaced, and it runs
   * for every node and lane each step.
   */
  private constructor(
    readonly actions: readonly Action[],
    private readonly names: readonly string[],
    private readonly values: readonly (readonly Cell[])[],
  ) {}

  static of(actions: readonly Action[], columns: Record<string, readonly Cell[]> = {}): CandidateTable {
    const names: string[] = [];
    const values: (readonly Cell[])[] = [];
    for (const name in columns) {
      names.push(name);
      values.push(checkedColumn(name, columns[name]!, actions.length));
    }
    return new CandidateTable(actions, names, values);
  }

  get size(): number {
    return this.actions.length;
  }

  columnNames(): string[] {
    return [...this.names];
  }

  /** The column names in order: the table's own array, for readers that walk every column each step (the trace); never change it. */
  columnNamesInOrder(): readonly string[] {
    return this.names;
  }

  /** Each column's values, in the order of columnNamesInOrder (the table's own arrays, as for it). */
  columnValuesInOrder(): readonly (readonly Cell[])[] {
    return this.values;
  }

  has(name: string): boolean {
    return this.names.includes(name);
  }

  column(name: string): readonly Cell[] | undefined {
    const at = this.names.indexOf(name);
    return at < 0 ? undefined : this.values[at];
  }

  /** A numeric column; throws with the available names when it is missing or not numeric. */
  numbers(name: string): readonly number[] {
    const values = this.column(name);
    if (!values) {
      throw new Error(`the candidate table has no column "${name}" (columns: ${["action", ...this.columnNames()].join(", ")})`);
    }
    const bad = values.findIndex((v) => typeof v !== "number");
    if (bad >= 0) throw new Error(`column "${name}" is not numeric (row ${bad} holds ${JSON.stringify(values[bad])})`);
    return values as readonly number[];
  }

  /** Rows not marked filtered; with no filtered column, one list shared by every table of this size (read it, never change it). */
  keptIndices(): readonly number[] {
    const filtered = this.column(Column.filtered);
    if (!filtered) return everyRow(this.actions.length);
    const kept: number[] = [];
    for (let i = 0; i < this.actions.length; i++) if (filtered[i] !== true) kept.push(i);
    return kept;
  }

  withColumn(name: string, values: readonly Cell[]): CandidateTable {
    const checked = checkedColumn(name, values, this.actions.length);
    const at = this.names.indexOf(name);
    if (at >= 0) {
      const replaced = this.values.slice();
      replaced[at] = checked;
      return new CandidateTable(this.actions, this.names, replaced);
    }
    return new CandidateTable(this.actions, [...this.names, name], [...this.values, checked]);
  }

  row(index: number): CandidateRow {
    const row: CandidateRow = { action: this.actions[index]! };
    for (let c = 0; c < this.names.length; c++) row[this.names[c]!] = this.values[c]![index] ?? null;
    return row;
  }

  rows(): CandidateRow[] {
    const { names, values } = this;
    const rows = new Array<CandidateRow>(this.actions.length);
    for (let i = 0; i < rows.length; i++) {
      const row: CandidateRow = { action: this.actions[i]! };
      for (let c = 0; c < names.length; c++) row[names[c]!] = values[c]![i] ?? null;
      rows[i] = row;
    }
    return rows;
  }

  toJSON(): { rows: CandidateRow[] } {
    return { rows: this.rows() };
  }
}
