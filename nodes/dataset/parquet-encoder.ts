import { StreamColumns, type DatasetRecord } from "./columns.js";
import { jsonlBatches } from "./jsonl-batches.js";
import { JsonlTail } from "./jsonl-tail.js";
import { ParquetDraft } from "./parquet-draft.js";
import { writeParquetFile } from "./parquet-io.js";
import { ParquetStreamWriter } from "./parquet-stream-writer.js";
import type { FromParquetThread, ToParquetThread } from "./parquet-thread-protocol.js";

interface Stream {
  path: string;
  columns: StreamColumns;
  /**
   * The parts (a killed run's Parquet) and, without a draft, the final file; for a stream with a
   * JSON Lines file, only its (empty) parts folder.
   */
  writer: ParquetStreamWriter;
  /** The final file encoded as the run goes; undefined before the first lines, null once dropped (the columns changed). */
  draft: ParquetDraft | undefined | null;
  /** Lines parsed so far, to name one in an error. */
  lines: number;
  /** Set once the stream's files failed: its further messages are ignored (close is still answered). */
  failed: boolean;
  /** The JSON Lines file the lines are read from, when the run writes one. */
  tail: JsonlTail | undefined;
}

/**
 * How often the thread reads what the run appended to its JSON Lines files. Reading as the run
 * goes keeps the final file's encoding nearly done when the run ends; the run's thread is not
 * involved (a message per batch woke this thread, which cost the run's thread more than the copy).
 */
const TAIL_MS = 5;

/**
 * What the Parquet thread runs, for every collector of the process: parses each stream's JSON
 * Lines (so Parquet holds exactly what the JSON Lines file holds: a NaN or an infinity is null in
 * both), learns the columns in the order the lines came, writes parts when asked, drafts the final
 * file as the lines come (ParquetDraft) and writes it at close. Messages, and the reads of the
 * JSON Lines files, are handled one after another in order, so parts keep the episodes' order.
 */
export class ParquetEncoder {
  private readonly streams = new Map<number, Stream>();
  private queue: Promise<void> = Promise.resolve();
  private tailTimer: NodeJS.Timeout | undefined;
  private tailing = false;

  constructor(private readonly post: (message: FromParquetThread) => void) {}

  receive(message: ToParquetThread): void {
    this.queue = this.queue.then(async () => {
      const stream = "stream" in message ? this.streams.get(message.stream) : undefined;
      if (stream?.failed && message.type !== "close") return;
      try {
        await this.handle(message);
      } catch (error) {
        // The files are left as they are: JSON Lines has every finished episode, and `foresight dataset repair` rebuilds Parquet.
        if (stream) stream.failed = true;
        if ("stream" in message) this.post({ type: "failed", stream: message.stream, message: error instanceof Error ? error.message : String(error) });
        if (message.type === "close") {
          this.streams.delete(message.stream);
          this.post({ type: "done", id: message.id });
        }
      }
    });
  }

  /**
   * Parses whole lines (UTF-8) into the stream's draft and, without a JSON Lines file, its next
   * part. A stream with one writes no parts: they would encode every record a second time, and no
   * one reads them (a killed run's JSON Lines file holds every finished episode; readers and
   * `repairDatasets` take it instead).
   */
  private async take(stream: Stream, lines: Buffer): Promise<void> {
    if (lines.length === 0) return;
    const records = parseLines(stream, lines.toString("utf8"));
    if (!stream.tail) stream.writer.add(records);
    const columns = stream.columns.list();
    if (stream.draft === undefined) stream.draft = new ParquetDraft(columns);
    else if (stream.draft !== null && !stream.draft.fits(columns)) stream.draft = null;
    await stream.draft?.add(records);
  }

  /** Reads what the run appended to each tailed JSON Lines file, in the message queue's order (one read queued at a time). */
  private tailAll(): void {
    if (this.tailing) return;
    this.tailing = true;
    this.queue = this.queue.then(async () => {
      this.tailing = false;
      await this.readTails();
    });
  }

  private async readTails(): Promise<void> {
    for (const [id, stream] of this.streams) {
      if (!stream.tail || stream.failed) continue;
      try {
        await this.take(stream, stream.tail.read());
      } catch (error) {
        stream.failed = true;
        stream.tail.close();
        this.post({ type: "failed", stream: id, message: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  private stopTailingWhenIdle(): void {
    if (this.streams.size > 0 || this.tailTimer === undefined) return;
    clearInterval(this.tailTimer);
    this.tailTimer = undefined;
  }

  private async handle(message: ToParquetThread): Promise<void> {
    switch (message.type) {
      case "open":
        this.streams.set(message.stream, {
          path: message.path,
          columns: new StreamColumns(message.declared, message.integers),
          writer: new ParquetStreamWriter(message.path),
          draft: undefined,
          lines: 0,
          failed: false,
          tail: message.jsonl === undefined ? undefined : new JsonlTail(message.jsonl, message.committed),
        });
        this.tailTimer ??= setInterval(() => this.tailAll(), TAIL_MS).unref();
        return;
      case "lines": {
        const stream = this.streams.get(message.stream)!;
        await this.take(stream, Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
        return;
      }
      case "flush": {
        // Only streams without a JSON Lines file have parts (see take).
        const stream = this.streams.get(message.stream)!;
        await stream.writer.flush(stream.columns.list());
        return;
      }
      case "close": {
        const stream = this.streams.get(message.stream)!;
        this.streams.delete(message.stream);
        this.stopTailingWhenIdle();
        if (stream.failed) {
          stream.tail?.close();
          this.post({ type: "done", id: message.id });
          return;
        }
        if (stream.tail) {
          await this.take(stream, stream.tail.read(message.upTo));
          stream.tail.close();
        }
        const columns = stream.columns.list();
        if (stream.draft && stream.draft.fits(columns)) {
          await stream.draft.finish(stream.path);
          stream.writer.discardParts();
        } else if (stream.tail) {
          // The draft was dropped (its columns changed): the JSON Lines file has every record, under the final columns.
          if (stream.lines > 0) await writeParquetFile(stream.path, jsonlBatches(stream.tail.path), columns, "final");
          stream.writer.discardParts();
        } else {
          await stream.writer.close(columns);
        }
        this.post({ type: "done", id: message.id });
        return;
      }
      case "settle":
        // Settled means the lines committed so far are taken too, as if handed over.
        await this.readTails();
        this.post({ type: "done", id: message.id });
    }
  }
}

/** The records of whole JSON Lines; learns the stream's columns from them, in order. */
function parseLines(stream: Stream, text: string): DatasetRecord[] {
  const records: DatasetRecord[] = [];
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const record = JSON.parse(text.slice(start, end)) as DatasetRecord;
    stream.columns.observe(record, `${stream.path}, line ${++stream.lines} of the episodes handed over`);
    records.push(record);
    start = end + 1;
  }
  return records;
}
