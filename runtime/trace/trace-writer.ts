import { closeSync, openSync, writeSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { RunEvent } from "../engine/events.js";
import { eventJson } from "./event-json.js";

/** Flush once this many bytes are buffered… */
const FLUSH_BYTES = 256 * 1024;
/** …or at an episode end once this long has passed since the last write (one write per short episode would cost more than the episode). */
const FLUSH_INTERVAL_MS = 100;
/** UTF-8 takes at most three bytes for one UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;
const NEWLINE = 0x0a;

/**
 * Appends events to trace.jsonl, one JSON object per line. Lines are buffered and
 * written whole, so a killed run leaves a readable file that ends with a complete line
 * and lacks at most the last ~100 ms of events (datasets, not the trace, are the
 * per-episode crash-safe record). Lines are encoded straight into one reused buffer:
 * joining them into a string first and encoding that cost as much again.
 */
export class TraceWriter {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(2 * FLUSH_BYTES);
  private bytes = 0;
  private lastFlush = performance.now();

  constructor(readonly path: string) {
    this.fd = openSync(path, "a");
  }

  /** An event listener to hand to the engine. */
  readonly write = (event: RunEvent): void => {
    this.append(eventJson(event));
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
    this.writeOut(this.buffer, this.bytes);
    this.bytes = 0;
    this.lastFlush = performance.now();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private append(json: string): void {
    // Room for the longest encoding of the line and its newline; a line longer than the buffer goes out on its own.
    const room = json.length * MAX_BYTES_PER_UNIT + 1;
    if (this.bytes + room > this.buffer.length) this.flush();
    if (room > this.buffer.length) {
      this.writeOut(Buffer.from(`${json}\n`), -1);
      return;
    }
    this.bytes += this.buffer.write(json, this.bytes, "utf8");
    this.buffer[this.bytes++] = NEWLINE;
  }

  /** Writes `length` bytes of `bytes` (all of them for -1), looping over partial writes. */
  private writeOut(bytes: Buffer, length: number): void {
    const end = length < 0 ? bytes.length : length;
    for (let written = 0; written < end; ) written += writeSync(this.fd, bytes, written, end - written);
  }
}
