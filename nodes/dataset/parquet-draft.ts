import { writeFileSync } from "node:fs";
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import { replaceAtomically } from "../../runtime/atomic-file.js";
import type { ColumnSpec, DatasetRecord } from "./columns.js";
import { columnData, parquetSchema, ROW_GROUP_ROWS } from "./parquet-io.js";

/** The smallest row group the draft encodes before the stream closes. */
const FIRST_GROUP_ROWS = 1024;
/** A row group holds at least 1/GROWTH of the rows before it (and at most ROW_GROUP_ROWS). */
const GROWTH = 4;

/**
 * A stream's final Parquet file, encoded on the Parquet thread while the run goes, so closing
 * the stream encodes only the rows since the last row group and the footer: the run's thread
 * waits for that at its end. Row groups start at FIRST_GROUP_ROWS and grow with the file to
 * ROW_GROUP_ROWS, so a short run's file is mostly encoded before it ends and a long run's has
 * groups of the usual size. The file is kept in memory (it is compressed: tens of bytes a row)
 * and written into place at close; a parts folder holds nothing half-written meanwhile. One
 * Parquet schema covers a file: when the stream's columns change (a candidate table's column
 * seen for the first time), the caller drops the draft and writes the final file from the parts.
 */
export class ParquetDraft {
  private readonly bytes = new ByteWriter();
  private readonly writer: ParquetWriter;
  private readonly columns: ColumnSpec[];
  private pending: DatasetRecord[] = [];
  private written = 0;

  constructor(columns: readonly ColumnSpec[]) {
    this.columns = columns.map(({ name, type }) => ({ name, type }));
    this.writer = new ParquetWriter({ writer: this.bytes, schema: parquetSchema(this.columns) });
  }

  /** Whether the stream's columns are still the ones the draft was started with. */
  fits(columns: readonly ColumnSpec[]): boolean {
    if (columns.length !== this.columns.length) return false;
    for (let i = 0; i < columns.length; i++) if (columns[i]!.type !== this.columns[i]!.type) return false;
    return true;
  }

  /** Takes finished episodes' records; encodes a row group when enough have gathered. */
  async add(records: readonly DatasetRecord[]): Promise<void> {
    for (const record of records) this.pending.push(record);
    for (let rows = this.groupRows(); this.pending.length >= rows; rows = this.groupRows()) {
      await this.writeGroup(this.pending.slice(0, rows));
      this.pending = this.pending.slice(rows);
    }
  }

  /** Encodes the rows left and the footer, and writes the file to `target` (atomically). */
  async finish(target: string): Promise<void> {
    if (this.pending.length > 0) await this.writeGroup(this.pending);
    this.pending = [];
    await this.writer.finish();
    await replaceAtomically(target, (temporary) => writeFileSync(temporary, this.bytes.getBytes()));
  }

  private groupRows(): number {
    return Math.min(ROW_GROUP_ROWS, Math.max(FIRST_GROUP_ROWS, Math.floor(this.written / GROWTH)));
  }

  private async writeGroup(group: readonly DatasetRecord[]): Promise<void> {
    await this.writer.write({ columnData: columnData(group, this.columns, "final"), rowGroupSize: group.length });
    this.written += group.length;
  }
}
