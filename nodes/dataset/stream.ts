import { existsSync } from "node:fs";
import { StreamColumns, type ColumnType, type DatasetRecord } from "./columns.js";
import { JsonlSink } from "./jsonl-sink.js";
import { ParquetSink, type FlushClock } from "./parquet-sink.js";
import { streamFiles } from "./streams.js";

/** A file format the collector writes. */
export type DatasetFormat = "jsonl" | "parquet";

/**
 * One kind of record (transitions, preferences or candidates) on its way to disk. Records of the
 * episode in progress stay in memory and reach the files only when the episode completes, so a
 * killed run loses at most that episode and never leaves half of one behind.
 */
export class DatasetStream {
  private readonly columns: StreamColumns;
  private episodeRecords: DatasetRecord[] = [];
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

  add(record: DatasetRecord, where: string): void {
    this.columns.observe(record, where);
    this.episodeRecords.push(record);
  }

  /** Forgets the episode in progress (it failed or was stopped: a partial episode would mislead training). */
  discardEpisode(): void {
    this.episodeRecords = [];
  }

  /** Writes the episode in progress: to JSON Lines at once, to Parquet with the next part. */
  async commitEpisode(): Promise<void> {
    const records = this.episodeRecords.map((record) => this.columns.complete(record));
    this.discardEpisode();
    if (records.length === 0) return;
    if (this.jsonl) {
      let text = "";
      for (const record of records) text += `${JSON.stringify(record)}\n`;
      this.jsonl.writeEpisode(text);
    }
    await this.parquet?.writeEpisode(records, this.columns.list());
  }

  async close(): Promise<void> {
    this.discardEpisode();
    this.jsonl?.close();
    await this.parquet?.close(this.columns.list());
  }
}
