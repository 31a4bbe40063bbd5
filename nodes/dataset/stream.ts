import { existsSync } from "node:fs";
import { StreamColumns, type ColumnType, type DatasetRecord } from "./columns.js";
import { EpisodeBuffer, EpisodeBuffers } from "./episode-buffer.js";
import { JsonlSink } from "./jsonl-sink.js";
import { ParquetSink, type FlushClock } from "./parquet-sink.js";
import type { ParquetThread } from "./parquet-thread.js";
import { streamFiles } from "./streams.js";

/** A file format the collector writes. */
export type DatasetFormat = "jsonl" | "parquet";

/**
 * An episode's records in progress: the JSON lines made as they came, already UTF-8, and the
 * records whose line is made at commit (a value of a column not declared), each after `at` bytes.
 */
interface Pending {
  lines: EpisodeBuffer;
  records: { at: number; record: DatasetRecord }[] | undefined;
}

/**
 * One kind of record (transitions, preferences or candidates) on its way to disk. Records of an
 * episode in progress stay in memory and reach the files only when the episode completes, so a
 * killed run loses at most that episode and never leaves half of one behind. Several episodes may
 * be in progress at once (lockstep lanes share one collector); each is kept apart, and the columns
 * are learned as episodes are committed — in episode order — so the files are a serial run's.
 * An episode's lines are encoded to UTF-8 as they are made, into a buffer of its own (nothing of
 * them stays on the heap while episodes play), and written from it at commit: the JSON Lines file
 * gets them at once, and the Parquet thread reads them from there (or is handed them, without a
 * JSON Lines file) and parses them back: Parquet holds what JSON Lines holds.
 */
export class DatasetStream {
  private readonly columns: StreamColumns;
  private readonly episodes = new Map<number, Pending>();
  private readonly jsonl: JsonlSink | undefined;
  private readonly parquet: ParquetSink | undefined;
  private readonly buffers = new EpisodeBuffers();
  /** Where an episode with records is put together at commit. */
  private readonly joined = new EpisodeBuffer();

  constructor(
    readonly name: string,
    folder: string,
    formats: readonly DatasetFormat[],
    declared: Readonly<Record<string, ColumnType>>,
    parquetFlush?: FlushClock,
    parquetThread?: ParquetThread,
    /** Columns kinds declare as integers (StreamColumns). */
    integers: readonly string[] = [],
  ) {
    this.columns = new StreamColumns(declared, integers);
    const files = streamFiles(folder, name);
    if (formats.includes("jsonl")) this.jsonl = new JsonlSink(files.jsonl);
    const ours = [...(this.jsonl ? [files.jsonl] : []), ...(formats.includes("parquet") ? [files.parquet, files.parts] : [])];
    const existing = ours.find((path) => existsSync(path));
    if (existing) {
      // Appending to another run's records would mix two runs into one dataset without a trace.
      throw new Error(`${existing} already exists; each run writes its dataset into a folder of its own`);
    }
    if (formats.includes("parquet")) {
      this.parquet = new ParquetSink(files.parquet, declared, parquetFlush, this.jsonl?.path, parquetThread, integers);
      this.parquet.start();
    }
  }

  /**
   * Adds a record to `episode`; a value whose type disagrees with a column already written is refused
   * here, at its step (`where`, by default the record's episode and step).
   */
  add(episode: number, record: DatasetRecord, where?: string): void {
    this.columns.check(record, where);
    const pending = this.pending(episode);
    (pending.records ??= []).push({ at: pending.lines.length, record });
  }

  /**
   * Adds a record already written as its JSON line. Only for a record of the declared columns, in
   * their order, each value of its column's type or null (the caller checked): nothing to learn from it.
   */
  addLine(episode: number, line: string): void {
    this.pending(episode).lines.appendLine(line);
  }

  /**
   * The buffer of `episode`'s lines, for a caller that writes a line straight into it (and ends it
   * with a newline), under the terms of `addLine`.
   */
  lines(episode: number): EpisodeBuffer {
    return this.pending(episode).lines;
  }

  /** Forgets an episode in progress (it failed or was stopped: a partial episode would mislead training). */
  discardEpisode(episode: number): void {
    const pending = this.episodes.get(episode);
    if (pending === undefined) return;
    this.episodes.delete(episode);
    this.buffers.give(pending.lines);
  }

  /** Writes an episode: to JSON Lines at once, to Parquet with the next part. */
  commitEpisode(episode: number): void {
    const pending = this.episodes.get(episode);
    if (pending === undefined) return;
    this.episodes.delete(episode);
    const buffer = pending.records ? this.join(pending) : pending.lines;
    if (buffer.length > 0) {
      this.jsonl?.writeEpisode(buffer.bytes, buffer.length);
      this.parquet?.writeEpisode(buffer.bytes, buffer.length);
    }
    this.buffers.give(pending.lines);
  }

  /** The episode's lines with its records' lines among them, each record completed with every column known once the episode's are learned. */
  private join({ lines, records = [] }: Pending): EpisodeBuffer {
    for (const { record } of records) this.columns.observe(record);
    const joined = this.joined;
    joined.clear();
    let from = 0;
    for (const { at, record } of records) {
      joined.appendBytes(lines.bytes, from, at);
      joined.appendLine(JSON.stringify(this.columns.complete(record)));
      from = at;
    }
    joined.appendBytes(lines.bytes, from, lines.length);
    return joined;
  }

  /** Asks for a Parquet part holding every episode committed so far (the collector's clock says when). */
  flushParquet(): void {
    this.parquet?.flush();
  }

  /** Settles once the Parquet thread has written every part asked for so far. */
  async settled(): Promise<void> {
    await this.parquet?.settled();
  }

  async close(): Promise<void> {
    this.episodes.clear();
    this.jsonl?.close();
    await this.parquet?.close();
  }

  private pending(episode: number): Pending {
    let pending = this.episodes.get(episode);
    if (pending === undefined) this.episodes.set(episode, (pending = { lines: this.buffers.take(), records: undefined }));
    return pending;
  }
}
