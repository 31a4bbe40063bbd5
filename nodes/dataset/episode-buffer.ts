/** UTF-8 takes at most three bytes for one UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;
const NEWLINE = 0x0a;

/**
 * A finished episode's JSON Lines as UTF-8, encoded straight into one reused buffer: the bytes
 * the JSON Lines file gets and the Parquet thread parses. Joining the lines into one string
 * first and encoding that cost as much again.
 */
export class EpisodeBuffer {
  bytes = Buffer.allocUnsafe(64 * 1024);
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

  /** A buffer of at least `needed` bytes holding the bytes so far. */
  private grow(needed: number): void {
    const grown = Buffer.allocUnsafe(Math.max(2 * this.bytes.length, needed));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}
