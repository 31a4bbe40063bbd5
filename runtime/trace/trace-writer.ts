import { closeSync, openSync, writeSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { RunEvent } from "../engine/events.js";
import { eventJson } from "./event-json.js";
import { TraceLines } from "./trace-lines.js";

/** Flush once this many bytes are buffered… */
const FLUSH_BYTES = 256 * 1024;
/** …or at an episode end once this long has passed since the last write (one write per short episode would cost more than the episode). */
const FLUSH_INTERVAL_MS = 100;

/**
 * Appends events to trace.jsonl, one JSON object per line. Lines are buffered and
 * written whole, so a killed run leaves a readable file that ends with a complete line
 * and lacks at most the last ~100 ms of events (datasets, not the trace, are the
 * per-episode crash-safe record).
 */
export class TraceWriter {
  private readonly fd: number;
  private readonly lines = new TraceLines(2 * FLUSH_BYTES);
  private lastFlush = performance.now();

  constructor(readonly path: string) {
    this.fd = openSync(path, "a");
  }

  /** An event listener to hand to the engine. */
  readonly write = (event: RunEvent): void => {
    this.append(event);
    if (
      this.lines.length >= FLUSH_BYTES ||
      // run.start at once: a folder whose trace names its run can be listed while the run goes.
      event.type === "run.start" ||
      event.type === "run.end" ||
      event.type === "node.error" ||
      (event.type === "episode.end" && performance.now() - this.lastFlush >= FLUSH_INTERVAL_MS)
    ) {
      this.flush();
    }
  };

  /** Appends whole lines encoded elsewhere (a worker thread's episodes), after the lines buffered here. */
  readonly writeLines = (jsonl: Uint8Array): void => {
    this.flush();
    this.writeOut(jsonl);
  };

  flush(): void {
    this.writeOut(this.lines.view());
    this.lines.clear();
    this.lastFlush = performance.now();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private append(event: RunEvent): void {
    const json = eventJson(event);
    if (this.lines.tryAppend(json)) return;
    // A line longer than what is left: flush first; one longer than the buffer goes out on its own.
    this.flush();
    if (!this.lines.tryAppend(json)) this.writeOut(Buffer.from(`${json}\n`));
  }

  /** Writes all of `bytes`, looping over partial writes. */
  private writeOut(bytes: Uint8Array): void {
    for (let written = 0; written < bytes.length; ) written += writeSync(this.fd, bytes, written, bytes.length - written);
  }
}
