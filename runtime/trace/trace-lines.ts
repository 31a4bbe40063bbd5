import type { RunEvent } from "../engine/events.js";
import { eventJson } from "./event-json.js";

/** UTF-8 takes at most three bytes for one UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;
const NEWLINE = 0x0a;

/**
 * Trace lines (one JSON object per event, each ending in a newline) encoded as UTF-8 straight into
 * one reused buffer: joining them into a string first and encoding that cost as much again. The
 * trace writer fills one for its file; a worker thread fills one and hands the bytes to the parent,
 * which then only writes them.
 */
export class TraceLines {
  private buffer: Buffer;
  /** Bytes held. */
  length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /** Appends a line (an event's JSON); false (and nothing appended) when it may not fit in what is left. */
  tryAppend(json: string): boolean {
    if (this.length + json.length * MAX_BYTES_PER_UNIT + 1 > this.buffer.length) return false;
    this.length += this.buffer.write(json, this.length, "utf8");
    this.buffer[this.length++] = NEWLINE;
    return true;
  }

  /** Appends an event's line, growing the buffer when it does not fit. */
  append(event: RunEvent): void {
    this.appendJson(eventJson(event));
  }

  /** Appends a line (its JSON), growing the buffer when it does not fit. */
  appendJson(json: string): void {
    if (this.tryAppend(json)) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.length + json.length * MAX_BYTES_PER_UNIT + 1));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
    this.tryAppend(json);
  }

  /** The bytes held (a view: valid until the next append or clear). */
  view(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  /** The bytes held in an ArrayBuffer of their own (to transfer to another thread), and empties. */
  take(): Uint8Array<ArrayBuffer> {
    const bytes = new Uint8Array(this.view());
    this.length = 0;
    return bytes;
  }

  clear(): void {
    this.length = 0;
  }
}
