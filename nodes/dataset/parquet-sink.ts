import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { ColumnSpec, DatasetRecord } from "./columns.js";
import { readParquetBatches, writeParquetFile } from "./parquet-io.js";
import { partFileName, type PartFile } from "./parquet-parts.js";

/** When the sink writes a part: at most once per `intervalMs` (and at close). */
export interface FlushClock {
  intervalMs: number;
  now(): number;
}

/** About once a second: a part per episode made a fast run spend most of its time creating files. */
export const EVERY_SECOND: FlushClock = { intervalMs: 1000, now: () => performance.now() };

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
 * Writes a stream as Parquet. A Parquet file cannot be appended to (its index sits at the end),
 * so finished episodes gather in memory and go out as a part file in `<file>.parts/` at most
 * about once a second, written atomically; parts are merged as they pile up (see MERGE_PARTS) and
 * `close` writes them all into `<file>`. A killed run thus leaves complete parts that lack at most
 * the last second of episodes — the JSON Lines file has those, and `repairDatasets` rebuilds
 * `<file>` from it.
 */
export class ParquetSink {
  readonly partsFolder: string;
  private pending: DatasetRecord[] = [];
  private readonly parts: Part[] = [];
  private flushes = 0;
  private lastFlush: number;

  constructor(
    readonly path: string,
    private readonly clock: FlushClock = EVERY_SECOND,
  ) {
    this.partsFolder = `${path}.parts`;
    this.lastFlush = clock.now();
  }

  /**
   * Creates the parts folder before any part: a run killed before its first part then still shows
   * that it wrote Parquet, and `repairDatasets` knows to build the file from the JSON Lines.
   */
  start(): void {
    mkdirSync(this.partsFolder, { recursive: true });
  }

  /** Takes a finished episode's records; writes a part when the last one is old enough. */
  async writeEpisode(records: readonly DatasetRecord[], columns: readonly ColumnSpec[]): Promise<void> {
    for (const record of records) this.pending.push(record);
    if (this.clock.now() - this.lastFlush >= this.clock.intervalMs) await this.flush(columns);
  }

  /**
   * Writes every part and the records not yet in one into `<file>`, in the order the episodes
   * finished, under the final columns (a column learned after a part was written reads as null
   * there), then removes the parts: only once the file is in place, as until then they are the only copy.
   */
  async close(columns: readonly ColumnSpec[]): Promise<void> {
    if (this.parts.length > 0 || this.pending.length > 0) {
      const parts = this.parts.map((part) => part.path);
      const pending = this.pending;
      await writeParquetFile(this.path, concatenate(parts, pending), columns);
    }
    this.pending = [];
    this.parts.length = 0;
    rmSync(this.partsFolder, { recursive: true, force: true });
  }

  private async flush(columns: readonly ColumnSpec[]): Promise<void> {
    this.lastFlush = this.clock.now();
    if (this.pending.length === 0) return;
    const flush = this.flushes++;
    const part: Part = { first: flush, last: flush, level: 0, path: join(this.partsFolder, partFileName(flush, flush)) };
    await writeParquetFile(part.path, [this.pending], columns);
    this.pending = [];
    this.parts.push(part);
    while (this.mergeable()) await this.mergeLast(columns);
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
    await writeParquetFile(
      merged.path,
      concatenate(
        group.map((part) => part.path),
        [],
      ),
      columns,
    );
    // Only now: a kill before this line leaves the inputs beside the merged part, which readers prefer.
    for (const part of group) rmSync(part.path);
    this.parts.splice(-MERGE_PARTS, MERGE_PARTS, merged);
  }
}

/** The records of part files in order, then `after`. */
async function* concatenate(paths: readonly string[], after: readonly DatasetRecord[]): AsyncGenerator<readonly DatasetRecord[]> {
  for (const path of paths) yield* readParquetBatches(path);
  if (after.length > 0) yield after;
}
