/** UTF-8 takes at most three bytes for one UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;
const NEWLINE = 0x0a;
const MINUS = 0x2d;
const ZERO = 0x30;
/**
 * A fresh buffer's size, about an episode of the shipped examples' lines; it grows as an episode
 * needs. Small, as lockstep keeps a buffer per episode in progress (up to thousands of lanes).
 */
const FIRST_BYTES = 4 * 1024;
/** Pieces up to this many bytes are copied byte by byte: below it a loop costs less than calling `set`. */
const SHORT_PIECE = 32;
/** Room for any number's JSON text ("-1.2345678901234567e-308" is 24 characters). */
const NUMBER_BYTES = 32;
const NULL = utf8("null");
const TRUE = utf8("true");
const FALSE = utf8("false");

/** A text's UTF-8 bytes, for pieces of lines made once and copied into every line (keys, quoted texts). */
export function utf8(text: string): Uint8Array {
  return Buffer.from(text, "utf8");
}

/**
 * An episode's JSON Lines as UTF-8, encoded into one buffer as the lines are made: the bytes the
 * JSON Lines file gets and the Parquet thread parses. Encoding each line at once keeps nothing of
 * it on the JavaScript heap while the episode plays (lockstep lanes keep dozens of episodes in
 * progress, whose lines as strings survived collections and made garbage collection most of the
 * collector's cost), and the buffer is reused for a later episode (EpisodeBuffers). Lines of the
 * shipped streams are written piece by piece (`put`, `number`, `flag`): keys and recurring texts
 * are encoded once and copied, numbers written as digits, so no line is made as a string first.
 */
export class EpisodeBuffer {
  bytes = Buffer.allocUnsafe(FIRST_BYTES);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  /** Appends one line (without its newline) and a newline. */
  appendLine(line: string): void {
    this.reserve(line.length * MAX_BYTES_PER_UNIT + 1);
    this.length += this.bytes.write(line, this.length, "utf8");
    this.bytes[this.length++] = NEWLINE;
  }

  /** Appends bytes as they are. */
  appendBytes(bytes: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    this.bytes.set(bytes.subarray(start, end), this.length);
    this.length += end - start;
  }

  /** Appends a piece of a line: UTF-8 bytes made once (utf8). */
  put(piece: Uint8Array): void {
    const count = piece.length;
    this.reserve(count);
    const bytes = this.bytes;
    const at = this.length;
    if (count <= SHORT_PIECE) for (let i = 0; i < count; i++) bytes[at + i] = piece[i]!;
    else bytes.set(piece, at);
    this.length = at + count;
  }

  /** Appends a number as JSON.stringify writes it: null for NaN and infinities, integers as digits without a string. */
  number(value: number): void {
    if ((value | 0) === value) {
      this.integer(value);
      return;
    }
    if (!Number.isFinite(value)) {
      this.put(NULL);
      return;
    }
    // The shortest text that reads back as the same double is String's (as JSON's); it is ASCII.
    const text = String(value);
    this.reserve(text.length);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** Appends true or false. */
  flag(value: boolean): void {
    this.put(value ? TRUE : FALSE);
  }

  /** Ends a line. */
  newline(): void {
    this.reserve(1);
    this.bytes[this.length++] = NEWLINE;
  }

  /** A 32-bit integer's digits (-0 as 0, as JSON writes it). */
  private integer(value: number): void {
    this.reserve(NUMBER_BYTES);
    const bytes = this.bytes;
    let at = this.length;
    if (value < 0) {
      bytes[at++] = MINUS;
      value = -value;
    }
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    at += digits;
    this.length = at;
    do {
      const rest = Math.floor(value / 10);
      bytes[--at] = ZERO + value - rest * 10;
      value = rest;
    } while (value > 0);
  }

  /** Room for `count` more bytes. */
  private reserve(count: number): void {
    if (this.length + count > this.bytes.length) this.grow(this.length + count);
  }

  /** A buffer of at least `needed` bytes holding the bytes so far. */
  private grow(needed: number): void {
    const grown = Buffer.allocUnsafe(Math.max(2 * this.bytes.length, needed));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

/** Buffers of finished episodes, kept for the next episodes: as many as episodes in progress at once. */
export class EpisodeBuffers {
  private readonly free: EpisodeBuffer[] = [];

  take(): EpisodeBuffer {
    const buffer = this.free.pop() ?? new EpisodeBuffer();
    buffer.clear();
    return buffer;
  }

  give(buffer: EpisodeBuffer): void {
    this.free.push(buffer);
  }
}
