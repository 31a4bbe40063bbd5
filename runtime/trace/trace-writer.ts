import { closeSync, openSync, writeSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { RunEvent } from "../engine/events.js";

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
  private buffer: string[] = [];
  private bytes = 0;
  private lastFlush = performance.now();

  constructor(readonly path: string) {
    this.fd = openSync(path, "a");
  }

  /** An event listener to hand to the engine. */
  readonly write = (event: RunEvent): void => {
    const line = JSON.stringify(event) + "\n";
    this.buffer.push(line);
    this.bytes += line.length;
    if (
      this.bytes >= FLUSH_BYTES ||
      // run.start at once: a folder whose trace names its run can be listed while the run goes.
      event.type === "run.start" ||
      event.type === "run.end" ||
      event.type === "node.error" ||
      (event.type === "episode.end" && performance.now() - this.lastFlush >= FLUSH_INTERVAL_MS)
    ) {
      this.flush();
    }
  };

  flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(""));
    this.buffer = [];
    this.bytes = 0;
    this.lastFlush = performance.now();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
