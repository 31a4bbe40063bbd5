import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";

const NEWLINE = 0x0a;
const NOTHING = Buffer.alloc(0);

/**
 * Reads a JSON Lines file as another thread appends to it: each call returns the whole lines
 * added since the last, as text. A write may be seen half done: with the writer's `committed`
 * counter (bytes of whole episodes written) nothing past it is read, so every line taken belongs
 * to a finished episode; without it, the bytes after the last newline wait for the next call.
 * Opened on first use (the writer creates the file with its first episode).
 */
export class JsonlTail {
  private fd: number | undefined;
  /** Bytes of the file consumed as whole lines. */
  offset = 0;
  private carry: Buffer = Buffer.alloc(0);

  private readonly committed: BigInt64Array | undefined;

  constructor(
    readonly path: string,
    committed?: SharedArrayBuffer,
  ) {
    this.committed = committed && new BigInt64Array(committed);
  }

  /** The whole lines appended since the last call, as UTF-8 (empty when none); reads at least to `upTo` bytes when given. */
  read(upTo = 0): Buffer {
    if (this.fd === undefined) {
      // Not yet created (no episode finished) is no error; the check costs less than a failed open's exception.
      if (upTo === 0 && !existsSync(this.path)) return NOTHING;
      this.fd = openSync(this.path, "r");
    }
    const size = this.committed ? Math.max(Number(Atomics.load(this.committed, 0)), upTo) : Math.max(fstatSync(this.fd).size, upTo);
    const start = this.offset + this.carry.length;
    if (size <= start) return NOTHING;
    // One buffer per read, the carried partial line first: read straight into it, nothing copied twice.
    const bytes = Buffer.allocUnsafe(this.carry.length + size - start);
    let at = this.carry.copy(bytes, 0);
    for (let position = start; position < size; ) {
      const read = readSync(this.fd, bytes, at, size - position, position);
      if (read === 0) throw new Error(`${this.path} is shorter (${position} bytes) than the ${size} bytes written to it`);
      position += read;
      at += read;
    }
    const end = bytes.lastIndexOf(NEWLINE) + 1;
    this.carry = bytes.subarray(end);
    this.offset += end;
    return bytes.subarray(0, end);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
