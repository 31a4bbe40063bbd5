import type { Cell } from "../../runtime/candidate-table.js";

/** A value in a dataset record: what both JSON Lines and Parquet hold without loss. */
export type DatasetValue = Cell;

/** One row of a dataset stream; keys are snake_case column names. */
export type DatasetRecord = Record<string, DatasetValue>;

/** How a column is stored in Parquet. JSON text (observations, actions) is stored as STRING. */
export type ColumnType = "INT32" | "DOUBLE" | "BOOLEAN" | "STRING";

/** A column of a stream; `type` stays undefined until a non-null value shows it. */
export interface ColumnSpec {
  readonly name: string;
  type: ColumnType | undefined;
}

/**
 * The columns of one stream, in first-seen order. Declared columns come first with fixed
 * types; others (a candidate table's) are learned from the values, so the set is the union
 * over the run and one Parquet schema can describe every episode.
 */
export class StreamColumns {
  private readonly byName = new Map<string, ColumnSpec>();
  /** The column names in order, until a new column appears. */
  private names: string[] | undefined;
  private readonly integers: ReadonlySet<string>;

  /**
   * `integers`: columns that, when they appear, hold whole numbers (kinds declare them so: the
   * sampler's `count`); learned from a whole first value they are INT32, as JSON text cannot tell 3 from 3.0.
   */
  constructor(declared: Readonly<Record<string, ColumnType>>, integers: readonly string[] = []) {
    for (const [name, type] of Object.entries(declared)) this.byName.set(name, { name, type });
    this.integers = new Set(integers);
  }

  /**
   * Throws when a value disagrees with the type its column has so far; learns nothing. `where` names
   * the place in the error (default: the record's own episode and step, which every stream's records start with).
   */
  check(record: DatasetRecord, where?: string): void {
    for (const name in record) {
      const value = record[name]!;
      const type = this.byName.get(name)?.type;
      if (value !== null && type !== undefined) this.agree(name, type, value, where, record);
    }
  }

  /** Learns new columns and types from a record; throws when a value disagrees with its column's type. */
  observe(record: DatasetRecord, where?: string): void {
    // for…in rather than Object.entries: this runs for every record, and the entries array was most of its cost.
    for (const name in record) {
      const value = record[name]!;
      let column = this.byName.get(name);
      if (column === undefined) {
        column = { name, type: undefined };
        this.byName.set(name, column);
        this.names = undefined;
      }
      if (value === null) continue;
      if (column.type === undefined) column.type = Number.isInteger(value) && this.integers.has(name) ? "INT32" : typeOf(value);
      else this.agree(name, column.type, value, where, record);
    }
  }

  private agree(name: string, column: ColumnType, value: string | number | boolean, where: string | undefined, record: DatasetRecord): void {
    const type = typeOf(value);
    // Parquet fixes one type per column; guessing a conversion would silently change the data.
    if (column !== type && !compatible(column, type)) {
      throw new Error(`${where ?? `episode ${record["episode"]}, step ${record["step"]}`}: column "${name}" held ${describe(column)} so far but now holds ${describe(type)} (${JSON.stringify(value)})`);
    }
  }

  list(): readonly ColumnSpec[] {
    return [...this.byName.values()];
  }

  /** The record with every column known so far, null where absent, in column order (the record itself when it is so already). */
  complete(record: DatasetRecord): DatasetRecord {
    const names = (this.names ??= [...this.byName.keys()]);
    let index = 0;
    let inOrder = true;
    for (const name in record) {
      if (names[index++] !== name) {
        inOrder = false;
        break;
      }
    }
    if (inOrder && index === names.length) return record;
    const completed: DatasetRecord = {};
    for (const name of names) completed[name] = record[name] ?? null;
    return completed;
  }
}

function typeOf(value: string | number | boolean): ColumnType {
  if (typeof value === "number") return "DOUBLE";
  if (typeof value === "boolean") return "BOOLEAN";
  return "STRING";
}

function compatible(column: ColumnType, value: ColumnType): boolean {
  return column === value || (column === "INT32" && value === "DOUBLE");
}

function describe(type: ColumnType): string {
  return { INT32: "integers", DOUBLE: "numbers", BOOLEAN: "booleans", STRING: "strings" }[type];
}
