import { closeSync, openSync, readSync, statSync } from "node:fs";
import { episodeOfLine } from "./read-dataset.js";

const CHUNK_BYTES = 1 << 20;

/**
 * Where a torn last episode of a JSON Lines file begins (its size when none is torn): the partial
 * last line, and the lines of its episode before it (one write per episode, which a kill may cut
 * at a page). Cutting the file there leaves whole records only, which pandas and TRL read.
 */
export function tornEpisodeStart(path: string): number {
  const size = statSync(path).size;
  if (size === 0) return 0;
  const fd = openSync(path, "r");
  let keep = size;
  try {
    const tail = new FileTail(fd, size);
    if (tail.byteAt(size - 1) !== NEWLINE) {
      keep = tail.lineStart(size);
      const episode = episodeOfLine(tail.text(keep, size));
      while (episode !== undefined && keep > 0) {
        const start = tail.lineStart(keep - 1);
        if (episodeOfLine(tail.text(start, keep)) !== episode) break;
        keep = start;
      }
    }
  } finally {
    closeSync(fd);
  }
  return keep;
}

/**
 * Where the lines of episodes after `lastKept` begin in the first `end` bytes of a JSON Lines file
 * (`end` at a line's end): `end` when there are none. Lines are in episode order, so they are the last ones.
 */
export function episodesAfterStart(path: string, end: number, lastKept: number): number {
  if (end === 0) return 0;
  const fd = openSync(path, "r");
  let keep = end;
  try {
    const tail = new FileTail(fd, end);
    while (keep > 0) {
      const start = tail.lineStart(keep - 1);
      const episode = episodeOfLine(tail.text(start, keep));
      if (episode === undefined || episode <= lastKept) break;
      keep = start;
    }
  } finally {
    closeSync(fd);
  }
  return keep;
}

const NEWLINE = 10;

/** A file's last bytes, read backwards a chunk at a time as far as asked. */
class FileTail {
  private bytes = Buffer.alloc(0);
  private start: number;

  constructor(
    private readonly fd: number,
    size: number,
  ) {
    this.start = size;
  }

  byteAt(position: number): number {
    this.load(position);
    return this.bytes[position - this.start]!;
  }

  /** Where the line holding the byte before `before` begins: after the last newline ahead of it, or 0. */
  lineStart(before: number): number {
    this.load(before - 1);
    for (;;) {
      const index = this.bytes.lastIndexOf(NEWLINE, before - 2 - this.start);
      if (before - 2 - this.start >= 0 && index >= 0) return this.start + index + 1;
      if (this.start === 0) return 0;
      this.load(this.start - 1);
    }
  }

  /** The text of the first bytes (enough to tell a line's episode) from `from` up to `to`. */
  text(from: number, to: number): string {
    this.load(from);
    return this.bytes.toString("utf8", from - this.start, Math.min(to, from + 32) - this.start);
  }

  private load(position: number): void {
    while (position < this.start) {
      const from = Math.max(0, this.start - CHUNK_BYTES);
      const chunk = Buffer.alloc(this.start - from);
      readSync(this.fd, chunk, 0, chunk.length, from);
      this.bytes = Buffer.concat([chunk, this.bytes]);
      this.start = from;
    }
  }
}
