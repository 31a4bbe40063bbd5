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

/** Parts only when the owner calls `flush` (DatasetCollector flushes its streams together). */
export const ON_REQUEST: FlushClock = { intervalMs: Infinity, now: () => 0 };

/** Bytes of JSON Lines handed to the Parquet thread at a time, for a stream without a JSON Lines file. */
const BATCH_BYTES = 256 * 1024;

/**
 * A stream's Parquet file as the run's thread sees it. The Parquet thread (ParquetEncoder) encodes
 * the final file from the stream's JSON Lines as the run goes, and writes it at close.
 * - When the run writes a JSON Lines file (`jsonl`), the thread reads the lines from it, no further
 *   than the `committed` counter (whole episodes only). The parts folder stays empty: it marks a
 *   Parquet file still to come. A killed run's JSON Lines file has every finished episode; readers
 *   of the parts folder read it instead, and `repairDatasets` rebuilds `<file>` from it.
 * - Otherwise the lines are handed over in batches, and a part is due about once a second. It is
 *   written a little after, when the thread gets to it, and holds every line handed over by then. A
 *   killed run thus leaves complete parts that lack the last second or so of episodes.
 */
export class ParquetSink {
  readonly partsFolder: string;
  private stream = -1;
  /** Bytes of lines so far (what the JSON Lines file holds, when there is one). */
  private written = 0;
  private batch: Buffer | undefined;
  private length = 0;
  private lastFlush: number;
  /**
   * Bytes of whole episodes in the JSON Lines file, for the thread that tails it: a write can be seen
   * half done (and a kill can cut one short at a page), so the tail reads no further than this.
   */
  private readonly committed = new BigInt64Array(new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT));

  constructor(
    readonly path: string,
    private readonly declared: Readonly<Record<string, ColumnType>>,
    private readonly clock: FlushClock = EVERY_SECOND,
    private readonly jsonl?: string,
    private readonly thread: ParquetThread = parquetThread(),
    private readonly integers: readonly string[] = [],
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
    this.stream = this.thread.open(this.path, this.declared, this.jsonl === undefined ? undefined : { path: this.jsonl, committed: this.committed.buffer as SharedArrayBuffer }, this.integers);
  }

  /**
   * Takes a finished episode's lines (the first `length` bytes of `bytes`), already in the JSON
   * Lines file when there is one; else asks for a part when the last one is old enough.
   */
  writeEpisode(bytes: Uint8Array, length: number): void {
    this.written += length;
    if (this.jsonl !== undefined) {
      // The thread reads the lines from the JSON Lines file as it goes; no parts for such a stream (ParquetEncoder.take).
      Atomics.store(this.committed, 0, BigInt(this.written));
      return;
    }
    this.append(bytes, length);
    if (this.clock.now() - this.lastFlush >= this.clock.intervalMs) this.flush();
  }

  /** Asks for a part holding every episode taken so far (none for a stream with a JSON Lines file). */
  flush(): void {
    if (this.jsonl !== undefined) return;
    this.lastFlush = this.clock.now();
    this.send();
    this.thread.flush(this.stream);
  }

  /** Settles once the Parquet thread has done everything asked so far (tests look at the parts then). */
  settled(): Promise<void> {
    this.send();
    return this.thread.settled(this.stream);
  }

  /** Writes `<file>` (from every episode taken) and removes the parts; settles once it is in place. */
  close(): Promise<void> {
    this.send();
    return this.thread.closeStream(this.stream, this.written);
  }

  private append(bytes: Uint8Array, length: number): void {
    if (this.batch && this.length + length > this.batch.length) this.send();
    this.batch ??= Buffer.allocUnsafe(Math.max(BATCH_BYTES, length));
    this.batch.set(bytes.subarray(0, length), this.length);
    this.length += length;
    if (this.length >= BATCH_BYTES) this.send();
  }

  /** Hands the batch over (its memory moves to the thread). */
  private send(): void {
    if (this.batch && this.length > 0) this.thread.lines(this.stream, this.batch.subarray(0, this.length));
    this.batch = undefined;
    this.length = 0;
  }
}
