import { renameSync, rmSync } from "node:fs";

/**
 * Writes `target` through a temporary file in the same folder and renames it into place, so a
 * reader (or a run killed mid-write) sees either the old state or the whole new file, never
 * half of one. The same folder keeps the rename on one file system, where it is atomic.
 * No fsync: the guarantee is against a killed process (the kernel keeps what was written), not
 * against power loss, which would need an fsync per episode and stream.
 */
export async function replaceAtomically(target: string, write: (temporary: string) => void | Promise<void>): Promise<void> {
  const temporary = `${target}.tmp`;
  try {
    await write(temporary);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
