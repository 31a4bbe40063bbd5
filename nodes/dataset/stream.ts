import { existsSync } from "node:fs";
import { StreamColumns, type ColumnType, type DatasetRecord } from "./columns.js";
import { JsonlSink } from "./jsonl-sink.js";
import { ParquetSink, type FlushClock } from "./parquet-sink.js";
import { streamFiles } from "./streams.js";

/** A file format the collector writes. */
export type DatasetFormat = "jsonl" | "parquet";

/**
 * One kind of record (transitions, preferences or candidates) on its way to disk. Records of an
 * episode in progress stay in memory and reach the files only when the episode completes, so a
 * killed run loses at most that episode and never leaves half of one behind. Several episodes may
 * be in progress at once (lockstep lanes share one collector); each is kept apart, and the columns
 * are learned as episodes are committed — in episode order — so the files are a serial run's.
 */
export class DatasetStream {
  private readonly columns: StreamColumns;
  /** Records of episodes in progress; each names its place (episode, step) for a column type error. */
  private readonly episodes = new Map<number, DatasetRecord[]>();
  private readonly jsonl: JsonlSink | undefined;
  private readonly parquet: ParquetSink | undefined;

  constructor(
    readonly name: string,
    folder: string,
    formats: readonly DatasetFormat[],
    declared: Readonly<Record<string, ColumnType>>,
    parquetFlush?: FlushClock,
  ) {
    this.columns = new StreamColumns(declared);
    const files = streamFiles(folder, name);
    if (formats.includes("jsonl")) this.jsonl = new JsonlSink(files.jsonl);
    if (formats.includes("parquet")) this.parquet = new ParquetSink(files.parquet, parquetFlush);
    const existing = [this.jsonl?.path, this.parquet?.path, this.parquet?.partsFolder].find((path) => path && existsSync(path));
    if (existing) {
      // Appending to another run's records would mix two runs into one dataset without a trace.
      throw new Error(`${existing} already exists; each run writes its dataset into a folder of its own`);
    }
    this.parquet?.start();
  }

  /**
   * Adds a record to `episode`; a value whose type disagrees with a column already written is refused
   * here, at its step (`where`, by default the record's episode and step).
   */
  add(episode: number, record: DatasetRecord, where?: string): void {
    this.columns.check(record, where);
    const records = this.episodes.get(episode);
    if (records) records.push(record);
    else this.episodes.set(episode, [record]);
  }

  /** Forgets an episode in progress (it failed or was stopped: a partial episode would mislead training). */
  discardEpisode(episode: number): void {
    this.episodes.delete(episode);
  }

  /** Writes an episode: to JSON Lines at once, to Parquet with the next part. */
  async commitEpisode(episode: number): Promise<void> {
    const pending = this.episodes.get(episode) ?? [];
    this.episodes.delete(episode);
    if (pending.length === 0) return;
    for (const record of pending) this.columns.observe(record);
    const records = pending.map((record) => this.columns.complete(record));
    this.jsonl?.writeEpisode(records);
    await this.parquet?.writeEpisode(records, this.columns.list());
  }

  async close(): Promise<void> {
    this.episodes.clear();
    this.jsonl?.close();
    await this.parquet?.close(this.columns.list());
  }
}
