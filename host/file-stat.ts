import { statSync } from "node:fs";

/** Whether `path` is a regular file now (false when it is missing or unreadable). */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The file's last modification (ms since the epoch), or 0 when it cannot be read. */
export function modifiedMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
