import { rmSync } from "node:fs";
import { join } from "node:path";
import type { ColumnSpec, DatasetRecord } from "./columns.js";
import { readParquetBatches, writeParquetFile } from "./parquet-io.js";
import { partFileName, type PartFile } from "./parquet-parts.js";

/**
 * Parts of one size that are merged into one part of the next size. A run of F flushes then keeps
 * at most (MERGE_PARTS − 1) parts of each of ⌈log₁₀ F⌉ sizes: 45 for 100,000 flushes, while each
 * record is rewritten once per size it passes through.
 */
const MERGE_PARTS = 10;

interface Part extends PartFile {
  /** How many merges the part went through (0: one flush). */
  level: number;
}

/**
 * The Parquet file of one stream, written as parts. A Parquet file cannot be appended to (its
 * index sits at the end), so finished episodes gather here until `flush` writes them as a part
 * file in `<file>.parts/` (atomically: temporary file + rename), parts are merged as they pile up
 * (see MERGE_PARTS), and `close` writes them all into `<file>`. When to flush is the caller's
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
  private readonly parts: Part[] = [];
  private flushes = 0;

  constructor(readonly path: string) {
    this.partsFolder = `${path}.parts`;
  }

  /** Takes finished episodes' records, in order; keeps them as they are (not copied). */
  add(records: readonly DatasetRecord[]): void {
    if (records.length > 0) this.pending.push(records);
  }

  /** Writes the records added since the last part as a new part (none when there are none). */
  async flush(columns: readonly ColumnSpec[]): Promise<void> {
    if (this.pending.length === 0) return;
    const flush = this.flushes++;
    const part: Part = { first: flush, last: flush, level: 0, path: join(this.partsFolder, partFileName(flush, flush)) };
    await writeParquetFile(part.path, this.pending, columns, "part");
    this.pending = [];
    this.parts.push(part);
    while (this.mergeable()) await this.mergeLast(columns);
  }

  /**
   * Writes every part and the records not yet in one into `<file>`, in the order the episodes
   * finished, under the final columns (a column learned after a part was written reads as null
   * there), then removes the parts: only once the file is in place, as until then they are the only copy.
   */
  async close(columns: readonly ColumnSpec[]): Promise<void> {
    if (this.parts.length > 0 || this.pending.length > 0) {
      const parts = this.parts.map((part) => part.path);
      await writeParquetFile(this.path, concatenate(parts, this.pending), columns, "final");
    }
    this.pending = [];
    this.parts.length = 0;
    rmSync(this.partsFolder, { recursive: true, force: true });
  }

  /** Removes the parts and forgets the records: the final file was written from elsewhere (ParquetDraft), with all of them. */
  discardParts(): void {
    this.pending = [];
    this.parts.length = 0;
    rmSync(this.partsFolder, { recursive: true, force: true });
  }

  /** The last MERGE_PARTS parts are of one size (parts only ever shrink towards the end). */
  private mergeable(): boolean {
    if (this.parts.length < MERGE_PARTS) return false;
    const level = this.parts[this.parts.length - 1]!.level;
    return this.parts[this.parts.length - MERGE_PARTS]!.level === level;
  }

  private async mergeLast(columns: readonly ColumnSpec[]): Promise<void> {
    const group = this.parts.slice(-MERGE_PARTS);
    const first = group[0]!.first;
    const last = group[group.length - 1]!.last;
    const merged: Part = { first, last, level: group[0]!.level + 1, path: join(this.partsFolder, partFileName(first, last)) };
    const inputs = group.map((part) => part.path);
    await writeParquetFile(merged.path, concatenate(inputs, []), columns, "part");
    // Only now: a kill before this line leaves the inputs beside the merged part, which readers prefer.
    for (const input of inputs) rmSync(input);
    this.parts.splice(-MERGE_PARTS, MERGE_PARTS, merged);
  }
}

/** The records of part files in order, then the batches of `after`. */
async function* concatenate(paths: readonly string[], after: readonly (readonly DatasetRecord[])[]): AsyncGenerator<readonly DatasetRecord[]> {
  for (const path of paths) yield* readParquetBatches(path);
  yield* after;
}
