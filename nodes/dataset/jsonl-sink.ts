import { closeSync, openSync, writeSync } from "node:fs";

/**
 * Appends finished episodes to a JSON Lines file. Each episode goes out in one write, at once,
 * so a killed run keeps every finished episode and leaves at most a torn last one (Linux may cut
 * a write at a page when the process is killed in it), which `readDataset` leaves out and
 * `foresight dataset repair` cuts off. The file stays open (opening it per episode cost more than the write)
 * and is created by the first episode. JSON has no NaN or Infinity: such numbers come out as
 * null here, and Parquet, derived from these lines, holds the same.
 */
export class JsonlSink {
  private fd: number | undefined;

  constructor(readonly path: string) {}

  /** Appends an episode's lines: the first `length` bytes of `bytes`, newline-terminated UTF-8. */
  writeEpisode(bytes: Uint8Array, length: number): void {
    if (length === 0) return;
    this.fd ??= openSync(this.path, "a");
    // A write to a regular file is whole unless the disk fills up; loop for that case rather than lose the tail.
    for (let written = 0; written < length; ) written += writeSync(this.fd, bytes, written, length - written);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
