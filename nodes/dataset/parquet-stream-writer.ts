import { rmSync } from "node:fs";
import type { ColumnSpec, DatasetRecord } from "./columns.js";
import { readParquetBatches, writeParquetFile } from "./parquet-io.js";
import { LeveledParts } from "./parquet-parts.js";

/**
 * The Parquet file of one stream, written as parts. A Parquet file cannot be appended to (its
 * index sits at the end), so finished episodes gather here until `flush` writes them as a part
 * file in `<file>.parts/` (atomically: temporary file + rename), parts are merged as they pile up
 * (LeveledParts), and `close` writes them all into `<file>`. When to flush is the caller's
 * call (ParquetSink: about once a second); this runs on the Parquet thread (ParquetEncoder).
 */
export class ParquetStreamWriter {
  readonly partsFolder: string;
  /**
   * The records since the last part, as the encoder parsed them for the final file's draft (the
   * same objects, which the draft keeps until its row group is full: parsing the lines a second
   * time for the part took a quarter of this thread's work).
   */
  private pending: (readonly DatasetRecord[])[] = [];
  private readonly parts: LeveledParts;
  /** The columns as of the last flush: merged parts are written under them. */
  private columns: readonly ColumnSpec[] = [];
  private flushes = 0;

  constructor(readonly path: string) {
    this.partsFolder = `${path}.parts`;
    this.parts = new LeveledParts(this.partsFolder, (inputs, target) => writeParquetFile(target, concatenate(inputs, []), this.columns, "part").then(() => {}));
  }

  /** Takes finished episodes' records, in order; keeps them as they are (not copied). */
  add(records: readonly DatasetRecord[]): void {
    if (records.length > 0) this.pending.push(records);
  }

  /** Writes the records added since the last part as a new part (none when there are none). */
  async flush(columns: readonly ColumnSpec[]): Promise<void> {
    if (this.pending.length === 0) return;
    this.columns = columns;
    const flush = this.flushes++;
    await writeParquetFile(this.parts.pathOf(flush), this.pending, columns, "part");
    this.pending = [];
    await this.parts.added(flush);
  }

  /**
   * Writes every part and the records not yet in one into `<file>`, in the order the episodes
   * finished, under the final columns (a column learned after a part was written reads as null
   * there), then removes the parts: only once the file is in place, as until then they are the only copy.
   */
  async close(columns: readonly ColumnSpec[]): Promise<void> {
    const parts = this.parts.paths;
    if (parts.length > 0 || this.pending.length > 0) await writeParquetFile(this.path, concatenate(parts, this.pending), columns, "final");
    this.discardParts();
  }

  /** Removes the parts and forgets the records: the final file was written from elsewhere (ParquetDraft), with all of them. */
  discardParts(): void {
    this.pending = [];
    this.parts.clear();
    rmSync(this.partsFolder, { recursive: true, force: true });
  }
}

/** The records of part files in order, then the batches of `after`. */
async function* concatenate(paths: readonly string[], after: readonly (readonly DatasetRecord[])[]): AsyncGenerator<readonly DatasetRecord[]> {
  for (const path of paths) yield* readParquetBatches(path);
  yield* after;
}
