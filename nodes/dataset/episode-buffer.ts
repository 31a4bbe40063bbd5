/** UTF-8 takes at most three bytes for one UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;
const NEWLINE = 0x0a;
/**
 * A fresh buffer's size, about an episode of the shipped examples' lines; it grows as an episode
 * needs. Small, as lockstep keeps a buffer per episode in progress (up to thousands of lanes).
 */
const FIRST_BYTES = 4 * 1024;

/**
 * An episode's JSON Lines as UTF-8, encoded into one buffer as the lines are made: the bytes the
 * JSON Lines file gets and the Parquet thread parses. Encoding each line at once keeps nothing of
 * it on the JavaScript heap while the episode plays (lockstep lanes keep dozens of episodes in
 * progress, whose lines as strings survived collections and made garbage collection most of the
 * collector's cost), and the buffer is reused for a later episode (EpisodeBuffers).
 */
export class EpisodeBuffer {
  bytes = Buffer.allocUnsafe(FIRST_BYTES);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  /** Appends one line (without its newline) and a newline. */
  appendLine(line: string): void {
    const most = this.length + line.length * MAX_BYTES_PER_UNIT + 1;
    if (most > this.bytes.length) this.grow(most);
    this.length += this.bytes.write(line, this.length, "utf8");
    this.bytes[this.length++] = NEWLINE;
  }

  /** Appends bytes as they are. */
  appendBytes(bytes: Uint8Array, start: number, end: number): void {
    const most = this.length + end - start;
    if (most > this.bytes.length) this.grow(most);
    this.bytes.set(bytes.subarray(start, end), this.length);
    this.length = most;
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
