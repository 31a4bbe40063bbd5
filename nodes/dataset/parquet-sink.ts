import { mkdirSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { ColumnType } from "./columns.js";
import { parquetThread, type ParquetThread } from "./parquet-thread.js";

/** When the sink writes a part: at most once per `intervalMs` (and at close). */
export interface FlushClock {
  intervalMs: number;
  now(): number;
}

/** About once a second: a part per episode made a fast run spend most of its time creating files. */
export const EVERY_SECOND: FlushClock = { intervalMs: 1000, now: () => performance.now() };

/** Bytes of JSON Lines handed to the Parquet thread at a time: a message per episode would cost the run more than the copy. */
const BATCH_BYTES = 64 * 1024;

/**
 * A stream's Parquet file as the run's thread sees it: finished episodes' JSON Lines bytes are
 * copied into a batch that goes to the Parquet thread (see ParquetEncoder; it encodes the parts
 * and the final file there), and a part is due about once a second. The part is written a little
 * after it is due, when the thread gets to it; a killed run thus leaves complete parts that lack
 * the last second or so of episodes: the JSON Lines file has those, and `repairDatasets` rebuilds
 * `<file>` from it.
 */
export class ParquetSink {
  readonly partsFolder: string;
  private stream = -1;
  private batch = Buffer.allocUnsafe(BATCH_BYTES);
  private length = 0;
  private lastFlush: number;

  constructor(
    readonly path: string,
    private readonly declared: Readonly<Record<string, ColumnType>>,
    private readonly clock: FlushClock = EVERY_SECOND,
    private readonly thread: ParquetThread = parquetThread(),
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
    this.stream = this.thread.open(this.path, this.declared);
  }

  /** Takes a finished episode's lines (the first `length` bytes of `bytes`); asks for a part when the last one is old enough. */
  writeEpisode(bytes: Uint8Array, length: number): void {
    if (this.length + length > this.batch.length) this.send(Math.max(BATCH_BYTES, length));
    this.batch.set(bytes.subarray(0, length), this.length);
    this.length += length;
    const now = this.clock.now();
    if (now - this.lastFlush >= this.clock.intervalMs) {
      this.lastFlush = now;
      this.send(BATCH_BYTES);
      this.thread.flush(this.stream);
    } else if (this.length >= BATCH_BYTES) {
      this.send(BATCH_BYTES);
    }
  }

  /** Settles once the Parquet thread has done everything asked so far (tests look at the parts then). */
  settled(): Promise<void> {
    this.send(BATCH_BYTES);
    return this.thread.settled(this.stream);
  }

  /** Writes `<file>` (from the episodes handed over) and removes the parts; settles once it is in place. */
  close(): Promise<void> {
    this.send(BATCH_BYTES);
    return this.thread.closeStream(this.stream);
  }

  /** Hands the batch over (its memory moves to the thread) and starts one of at least `size` bytes. */
  private send(size: number): void {
    if (this.length > 0) this.thread.lines(this.stream, this.batch.subarray(0, this.length));
    if (this.length > 0 || this.batch.length < size) this.batch = Buffer.allocUnsafe(size);
    this.length = 0;
  }
}
