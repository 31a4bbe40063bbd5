import { closeSync, openSync, writeSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { RunEvent } from "../engine/events.js";
import { errnoInWords } from "../regular-file.js";
import { eventJson } from "./event-json.js";
import { inTraceFile } from "./file-events.js";
import { TraceLines } from "./trace-lines.js";
import { canWriteOffThread, TraceThread, writerThreadRunning } from "./trace-thread-client.js";

/** Flush once this many bytes are buffered… */
const FLUSH_BYTES = 256 * 1024;
/** …or at an episode end once this long has passed since the last write (one write per short episode would cost more than the episode). */
const FLUSH_INTERVAL_MS = 100;

/**
 * Bytes written on the run's thread before the rest of the trace goes to the writer thread: starting
 * it costs the run's thread 1–3 ms once a process (and the thread ~40 ms of CPU on the other core),
 * about what writing 256 KiB here costs, so a run whose trace is shorter never starts it. Once it
 * runs (a process's later runs: the editor's, a sweep's), a trace goes to it from its first event.
 */
const OFF_THREAD_AFTER_BYTES = 256 * 1024;

/** Where the JSON is made: on the run's thread; on the writer thread once the trace is long enough to pay for it ("auto"); or there from the start. */
export type TraceThreading = "in-thread" | "auto" | "off-thread";

/** trace.jsonl could not be written (a full disk): the message names the file and why, in words. */
export class TraceWriteFailed extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const e = cause as NodeJS.ErrnoException;
    super(`cannot write ${path}: ${errnoInWords(e) ?? e?.message ?? String(cause)}`);
  }
}

/**
 * Appends events to trace.jsonl, one JSON object per line. Lines are buffered and
 * written whole, so a killed run leaves a readable file that ends with a complete line
 * and lacks at most the last ~100 ms of events (datasets, not the trace, are the
 * per-episode crash-safe record). A long trace is encoded and written by a thread of its
 * own (trace-thread-client.ts) once a flush finds OFF_THREAD_AFTER_BYTES written; `flush`
 * and `close` still return only once the file holds every event so far.
 *
 * A write that fails (a full disk) is not thrown into the engine, where it would land in whatever
 * emitted the event (a node's log, the run's last events) and could cost the run its summary: it is
 * kept in `failure`, for that summary, `onFailure` is told (to stop the run rather than play on into
 * a trace that lacks its events), and later events are dropped.
 */
export class TraceWriter {
  private readonly fd: number;
  private readonly lines = new TraceLines(2 * FLUSH_BYTES);
  private lastFlush = performance.now();
  private bytesWritten = 0;
  private readonly offThreadAfter: number;
  private thread: TraceThread | undefined;
  private failed: TraceWriteFailed | undefined;

  constructor(
    readonly path: string,
    threading: TraceThreading = "auto",
    private readonly onFailure: (failure: TraceWriteFailed) => void = () => {},
  ) {
    this.fd = openSync(path, "a");
    this.offThreadAfter = !canWriteOffThread || threading === "in-thread" ? Infinity : threading === "off-thread" || writerThreadRunning() ? 0 : OFF_THREAD_AFTER_BYTES;
  }

  /** Whether a writer thread writes the trace now. */
  get offThread(): boolean {
    return this.thread !== undefined;
  }

  /** Why the trace lacks events from some point on (a write failed), if it does. */
  get failure(): TraceWriteFailed | undefined {
    return this.failed;
  }

  /** An event listener to hand to the engine. */
  readonly write = (event: RunEvent): void => {
    if (!inTraceFile(event) || this.failed) return;
    // Not through guarded(): no closure for every event of the run.
    try {
      this.writeEvent(event);
    } catch (error) {
      this.fail(error);
    }
  };

  private writeEvent(event: RunEvent): void {
    if (this.thread) return this.thread.write(event);
    this.append(event);
    if (
      this.lines.length >= FLUSH_BYTES ||
      // run.start at once: a folder whose trace names its run can be listed while the run goes.
      event.type === "run.start" ||
      event.type === "run.end" ||
      event.type === "node.error" ||
      (event.type === "episode.end" && performance.now() - this.lastFlush >= FLUSH_INTERVAL_MS)
    ) {
      this.flushLines();
      // Right after a flush, so the thread's lines follow every line written here.
      if (this.bytesWritten >= this.offThreadAfter && event.type !== "run.end") this.thread = new TraceThread(this.fd);
    }
  }

  /** Appends whole lines encoded elsewhere (a worker thread's episodes), after the lines buffered here. */
  readonly writeLines = (jsonl: Uint8Array): void => {
    if (this.failed) return;
    this.guarded(() => {
      if (this.thread) return this.thread.writeLines(jsonl);
      this.flushLines();
      this.writeOut(jsonl);
    });
  };

  /** Returns once the file holds every event written so far, or where a write failed (see `failure`). */
  flush(): void {
    if (this.failed) return;
    this.guarded(() => this.flushLines());
  }

  /** Closes the file (once the thread, if any, wrote all it was given); a write failure stays in `failure`. */
  close(): void {
    try {
      if (!this.failed) this.guarded(() => this.flushLines());
    } finally {
      this.closeThread();
      closeSync(this.fd);
    }
  }

  private closeThread(): void {
    try {
      this.thread?.close();
    } catch {
      // Its error is `failure` already (a flush found it) or one the thread had no time to report: its file is closed below either way.
    }
  }

  private flushLines(): void {
    if (this.thread) return this.thread.flush();
    this.writeOut(this.lines.view());
    this.lines.clear();
    this.lastFlush = performance.now();
  }

  /** Runs a write; its error becomes `failure`, told as one about trace.jsonl. */
  private guarded(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.failed = new TraceWriteFailed(this.path, error);
    this.onFailure(this.failed);
  }

  private append(event: RunEvent): void {
    const json = eventJson(event);
    if (this.lines.tryAppend(json)) return;
    // A line longer than what is left: flush first; one longer than the buffer goes out on its own.
    this.flushLines();
    if (!this.lines.tryAppend(json)) this.writeOut(Buffer.from(`${json}\n`));
  }

  /** Writes all of `bytes`, looping over partial writes. */
  private writeOut(bytes: Uint8Array): void {
    this.bytesWritten += bytes.length;
    for (let written = 0; written < bytes.length; ) written += writeSync(this.fd, bytes, written, bytes.length - written);
  }
}
