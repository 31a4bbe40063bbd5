import { closeSync, openSync, writeSync } from "node:fs";
import type { DatasetRecord } from "./columns.js";

/** UTF-8 takes at most three bytes for one UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;
const NEWLINE = 0x0a;

/**
 * Appends finished episodes to a JSON Lines file. Each episode goes out in one write, at once,
 * so a killed run keeps every finished episode and leaves at most a partial last line, which
 * `readDataset` ignores. The file stays open (opening it per episode cost more than the write)
 * and is created by the first episode. Lines are encoded straight into one reused buffer (joining
 * them into a string first and encoding that cost as much again). JSON has no NaN or Infinity:
 * such numbers come out as null here, while Parquet keeps them.
 */
export class JsonlSink {
  private fd: number | undefined;
  private buffer = Buffer.allocUnsafe(64 * 1024);

  constructor(readonly path: string) {}

  /** Appends an episode's records, one line each. */
  writeEpisode(records: readonly DatasetRecord[]): void {
    if (records.length === 0) return;
    let length = 0;
    for (const record of records) {
      const line = JSON.stringify(record);
      if (length + line.length * MAX_BYTES_PER_UNIT + 1 > this.buffer.length) this.grow(length, length + line.length * MAX_BYTES_PER_UNIT + 1);
      length += this.buffer.write(line, length, "utf8");
      this.buffer[length++] = NEWLINE;
    }
    this.fd ??= openSync(this.path, "a");
    // A write to a regular file is whole unless the disk fills up; loop for that case rather than lose the tail.
    for (let written = 0; written < length; ) written += writeSync(this.fd, this.buffer, written, length - written);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** A buffer of at least `needed` bytes holding the first `kept` bytes of the old one. */
  private grow(kept: number, needed: number): void {
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, needed));
    this.buffer.copy(grown, 0, 0, kept);
    this.buffer = grown;
  }
}
