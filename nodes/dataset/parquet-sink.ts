import { mkdirSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { ColumnSpec, DatasetRecord } from "./columns.js";
import { ParquetStreamWriter } from "./parquet-stream-writer.js";

/** When the sink writes a part: at most once per `intervalMs` (and at close). */
export interface FlushClock {
  intervalMs: number;
  now(): number;
}

/** About once a second: a part per episode made a fast run spend most of its time creating files. */
export const EVERY_SECOND: FlushClock = { intervalMs: 1000, now: () => performance.now() };

/**
 * A stream's Parquet file as the collector sees it: finished episodes go to its writer (see
 * ParquetStreamWriter for the parts and their merging), and a part is due about once a second.
 * A killed run thus leaves complete parts that lack at most the last second of episodes — the
 * JSON Lines file has those, and `repairDatasets` rebuilds `<file>` from it.
 */
export class ParquetSink {
  readonly partsFolder: string;
  private readonly writer: ParquetStreamWriter;
  private lastFlush: number;

  constructor(
    readonly path: string,
    private readonly clock: FlushClock = EVERY_SECOND,
  ) {
    this.writer = new ParquetStreamWriter(path);
    this.partsFolder = this.writer.partsFolder;
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
    this.writer.add(records);
    const now = this.clock.now();
    if (now - this.lastFlush < this.clock.intervalMs) return;
    this.lastFlush = now;
    await this.writer.flush(columns);
  }

  /** Writes the parts and the episodes not yet in one into `<file>` and removes the parts. */
  close(columns: readonly ColumnSpec[]): Promise<void> {
    return this.writer.close(columns);
  }
}
