import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";

/** A file that must not be read: not a regular file, or larger than the caller allows. */
export class FileRefused extends Error {}

/** What a file system entry is, in words: "a folder", "a device", "a regular file"… */
export function typeOf(stats: Stats): string {
  if (stats.isFile()) return "a file";
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/** Node's error codes that mean the same for any path, in words (ENOENT's meaning depends on what was asked: each caller says it). */
export function errnoInWords(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EROFS") return "the file system is read-only";
  if (code === "ENOSPC") return "no space left on the device";
  return undefined;
}

function refusal(path: string, stats: Stats, limit: { bytes: number; hint: string }): string | undefined {
  if (!stats.isFile()) return `${path} is ${typeOf(stats)}, not a file`;
  if (stats.size > limit.bytes) return `${path} is ${size(stats.size)}, over the ${size(limit.bytes)} limit${limit.hint ? ` (${limit.hint})` : ""}`;
  return undefined;
}

function size(bytes: number): string {
  return bytes < 2 ** 20 ? `${Math.floor(bytes)} bytes` : `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/**
 * Reads a whole file, but only a regular file of at most `limit.bytes`: a path to a device
 * (/dev/zero reads until memory runs out), a named pipe (blocks until a writer comes), a folder or
 * an oversized file throws FileRefused naming the path and why, before any byte is read. The type is
 * checked before opening and again on the opened descriptor (the path may have been swapped in
 * between); the open does not block, so a pipe swapped in cannot hang it. Other errors (ENOENT,
 * EACCES) are thrown as Node raises them, with their `code`.
 */
export function readRegularFile(path: string, limit: { bytes: number; hint: string }): Buffer {
  const before = refusal(path, statSync(path), limit);
  if (before) throw new FileRefused(before);
  // O_NONBLOCK is POSIX only; Windows has no named pipes at file paths.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    const after = refusal(path, stats, limit);
    if (after) throw new FileRefused(after);
    // What the file held when it was checked; bytes appended meanwhile are not read.
    const bytes = Buffer.allocUnsafe(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}
