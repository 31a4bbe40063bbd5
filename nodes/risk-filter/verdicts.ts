import { Column, type CandidateTable } from "../../runtime/candidate-table.js";

/**
 * Which rows are filtered and why, built up rule by rule. It starts from the upstream
 * filter's columns so filters compose: a row filtered upstream stays filtered with its reason.
 */
export class Verdicts {
  private constructor(
    readonly filtered: boolean[],
    readonly reasons: (string | null)[],
  ) {}

  static fromUpstream(table: CandidateTable): Verdicts {
    const filtered = table.column(Column.filtered);
    const reasons = table.column(Column.reason);
    return new Verdicts(
      table.actions.map((_, row) => filtered?.[row] === true),
      table.actions.map((_, row) => {
        const reason = reasons?.[row];
        return typeof reason === "string" ? reason : null;
      }),
    );
  }

  keptRows(): number[] {
    const rows: number[] = [];
    this.filtered.forEach((filtered, row) => filtered || rows.push(row));
    return rows;
  }

  allFiltered(): boolean {
    return this.filtered.every((filtered) => filtered);
  }

  /** Filters a row; a row already filtered by this filter collects every reason. */
  reject(row: number, reason: string): void {
    this.reasons[row] = this.filtered[row] ? joinReasons(this.reasons[row] ?? null, reason) : reason;
    this.filtered[row] = true;
  }

  /** Un-filters a row, saying why (fallbacks). */
  keep(row: number, reason: string): void {
    this.filtered[row] = false;
    this.reasons[row] = reason;
  }

  /** Adds a note to every row's reason. */
  annotateAll(note: string): void {
    this.reasons.forEach((reason, row) => (this.reasons[row] = joinReasons(reason, note)));
  }

  /** Adds a kept or filtered row at the end (a fallback's extra candidate). */
  append(filtered: boolean, reason: string | null): void {
    this.filtered.push(filtered);
    this.reasons.push(reason);
  }

  /** The table with this filter's `filtered` and `reason` columns. */
  writeTo(table: CandidateTable): CandidateTable {
    return table.withColumn(Column.filtered, this.filtered).withColumn(Column.reason, this.reasons);
  }
}

function joinReasons(first: string | null, second: string): string {
  return first === null ? second : `${first}; ${second}`;
}
