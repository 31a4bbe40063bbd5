import type { ColumnType } from "./columns.js";

/** What the run's thread sends the Parquet thread; handled one after another, in order. */
export type ToParquetThread =
  /**
   * A stream whose Parquet file is `path` (parts in `<path>.parts/`). With `jsonl`, the thread
   * reads the stream's lines from that file as the run appends them; without, they come as `lines`.
   */
  | {
      type: "open";
      stream: number;
      path: string;
      declared: Readonly<Record<string, ColumnType>>;
      /** Columns kinds declare as integers (StreamColumns). */
      integers: readonly string[];
      jsonl?: string;
      /** With `jsonl`: slot 0 holds the bytes of whole episodes written to it (the run's thread stores, the tail reads no further). */
      committed?: SharedArrayBuffer;
    }
  /** Finished episodes' JSON Lines, UTF-8, whole lines (the memory is moved, not copied). */
  | { type: "lines"; stream: number; bytes: Uint8Array }
  /** Write the lines handed over so far that are in no part yet as a part (a stream without a JSON Lines file). */
  | { type: "flush"; stream: number }
  /** Write the stream's final file (from every line: `upTo` bytes of the JSON Lines file) and remove its parts; answered by `done`. */
  | { type: "close"; stream: number; upTo: number; id: number }
  /** Answer `done` once everything sent before is done, and the JSON Lines committed so far are read. */
  | { type: "settle"; id: number };

/** What the Parquet thread answers: a request done, or a stream whose files failed (it ignores that stream's lines from then on). */
export type FromParquetThread = { type: "done"; id: number } | { type: "failed"; stream: number; message: string };
