import { existsSync } from "node:fs";
import { StreamColumns, type ColumnType, type DatasetRecord } from "./columns.js";
import { EpisodeBuffer } from "./episode-buffer.js";
import { JsonlSink } from "./jsonl-sink.js";
import { ParquetSink, type FlushClock } from "./parquet-sink.js";
import type { ParquetThread } from "./parquet-thread.js";
import { streamFiles } from "./streams.js";

/** A file format the collector writes. */
export type DatasetFormat = "jsonl" | "parquet";

/** An episode's records in progress: JSON lines made as they came, or records whose line is made at commit. */
type Pending = (string | DatasetRecord)[];

/**
 * One kind of record (transitions, preferences or candidates) on its way to disk. Records of an
 * episode in progress stay in memory and reach the files only when the episode completes, so a
 * killed run loses at most that episode and never leaves half of one behind. Several episodes may
 * be in progress at once (lockstep lanes share one collector); each is kept apart, and the columns
 * are learned as episodes are committed — in episode order — so the files are a serial run's.
 * The episode's lines are encoded once: the JSON Lines file gets them at once, and the Parquet
 * thread reads them from there (or is handed them, without a JSON Lines file) and parses them
 * back: Parquet holds what JSON Lines holds.
 */
export class DatasetStream {
  private readonly columns: StreamColumns;
  private readonly episodes = new Map<number, Pending>();
  private readonly jsonl: JsonlSink | undefined;
  private readonly parquet: ParquetSink | undefined;
  private readonly buffer = new EpisodeBuffer();

  constructor(
    readonly name: string,
    folder: string,
    formats: readonly DatasetFormat[],
    declared: Readonly<Record<string, ColumnType>>,
    parquetFlush?: FlushClock,
    parquetThread?: ParquetThread,
  ) {
    this.columns = new StreamColumns(declared);
    const files = streamFiles(folder, name);
    if (formats.includes("jsonl")) this.jsonl = new JsonlSink(files.jsonl);
    const ours = [...(this.jsonl ? [files.jsonl] : []), ...(formats.includes("parquet") ? [files.parquet, files.parts] : [])];
    const existing = ours.find((path) => existsSync(path));
    if (existing) {
      // Appending to another run's records would mix two runs into one dataset without a trace.
      throw new Error(`${existing} already exists; each run writes its dataset into a folder of its own`);
    }
    if (formats.includes("parquet")) {
      this.parquet = new ParquetSink(files.parquet, declared, parquetFlush, this.jsonl?.path, parquetThread);
      this.parquet.start();
    }
  }

  /**
   * Adds a record to `episode`; a value whose type disagrees with a column already written is refused
   * here, at its step (`where`, by default the record's episode and step).
   */
  add(episode: number, record: DatasetRecord, where?: string): void {
    this.columns.check(record, where);
    this.pending(episode).push(record);
  }

  /**
   * Adds a record already written as its JSON line. Only for a record of the declared columns, in
   * their order, each value of its column's type or null (the caller checked): nothing to learn from it.
   */
  addLine(episode: number, line: string): void {
    this.pending(episode).push(line);
  }

  /** Forgets an episode in progress (it failed or was stopped: a partial episode would mislead training). */
  discardEpisode(episode: number): void {
    this.episodes.delete(episode);
  }

  /** Writes an episode: to JSON Lines at once, to Parquet with the next part. */
  commitEpisode(episode: number): void {
    const pending = this.episodes.get(episode);
    this.episodes.delete(episode);
    if (pending === undefined || pending.length === 0) return;
    for (const item of pending) if (typeof item !== "string") this.columns.observe(item);
    const buffer = this.buffer;
    buffer.clear();
    for (const item of pending) buffer.appendLine(typeof item === "string" ? item : JSON.stringify(this.columns.complete(item)));
    this.jsonl?.writeEpisode(buffer.bytes, buffer.length);
    this.parquet?.writeEpisode(buffer.bytes, buffer.length);
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
    if (pending === undefined) this.episodes.set(episode, (pending = []));
    return pending;
  }
}
