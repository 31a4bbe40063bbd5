import { closeSync, openSync, writeSync } from "node:fs";
import type { RunEvent } from "../engine/events.js";

/** Flush once this many bytes are buffered (and at every episode end). */
const FLUSH_BYTES = 256 * 1024;

/**
 * Appends events to trace.jsonl, one JSON object per line. Lines are buffered and
 * written whole, at episode ends and run end, so a killed run leaves a readable file
 * ending at an episode boundary or a complete line.
 */
export class TraceWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  private bytes = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, "a");
  }

  /** An event listener to hand to the engine. */
  readonly write = (event: RunEvent): void => {
    const line = JSON.stringify(event) + "\n";
    this.buffer.push(line);
    this.bytes += line.length;
    if (this.bytes >= FLUSH_BYTES || event.type === "episode.end" || event.type === "run.end" || event.type === "node.error") this.flush();
  };

  flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(""));
    this.buffer = [];
    this.bytes = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
