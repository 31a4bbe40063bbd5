import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, fsyncSync, lstatSync, openSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { pathErrorInWords } from "./output-paths.js";

/**
 * Writes `target` through a temporary file in the same folder (so the rename stays on one
 * file system, where it is atomic) and renames it into place: readers, and a run killed
 * mid-write, see the old file or the whole new one, never half of one.
 */
export async function replaceAtomically(named: string, write: (temporary: string) => void | Promise<void>): Promise<void> {
  const { target, mode } = replaced(named);
  const temporary = temporaryPath(target);
  try {
    await write(temporary);
    if (mode !== undefined) chmodSync(temporary, mode);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw aboutTarget(error, temporary, named);
  }
}

/** Writes text or bytes atomically, with an fsync before the rename so it also survives a power cut. */
export function writeFileAtomic(named: string, data: string | Uint8Array): void {
  const { target, mode } = replaced(named);
  const temporary = temporaryPath(target);
  try {
    const fd = openTemporary(temporary, target, named);
    try {
      writeAllOrThrow(fd, temporary, data);
    } finally {
      closeSync(fd);
    }
    if (mode !== undefined) chmodSync(temporary, mode);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw aboutTarget(error, temporary, named);
  }
}

/**
 * The file a write replaces, and its permissions: through a symbolic link, the file it points to
 * (the user's `model.onnx -> v3.onnx` still points to v3.onnx, which is what changes; renaming over
 * the link would turn it into a file of its own), and an existing file's mode kept (a read-only
 * model stays read-only, a script executable) rather than reset to the umask's.
 */
function replaced(named: string): { target: string; mode?: number } {
  let target = named;
  try {
    if (lstatSync(named).isSymbolicLink()) target = realpathSync(named);
    return { target, mode: statSync(target).mode & 0o7777 };
  } catch {
    // Nothing there yet (or a dangling link, whose write fails naming it): a new file.
    return { target };
  }
}

/**
 * The temporary file, opened for writing. Refused there, it is the folder that cannot be written,
 * even where the file itself could: "cannot write w.json: permission denied" would send the user to
 * the file's permissions.
 */
function openTemporary(temporary: string, target: string, named: string): number {
  try {
    return openSync(temporary, "w");
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code !== "EACCES" && e.code !== "EPERM" && e.code !== "EROFS") throw error;
    e.message = `cannot write ${named}: its folder ${dirname(target)} cannot be written (${pathErrorInWords(e, "file")}), and the file is replaced through a new one made beside it`;
    e.path = target;
    throw e;
  }
}

/**
 * writeFileSync loops over short writes (a lone writeSync writes what fits on a nearly full disk and
 * only returns the count), so a full disk raises ENOSPC; an error on the descriptor names no path: it
 * is given the temporary file's, to be told as one about the target.
 */
function writeAllOrThrow(fd: number, temporary: string, data: string | Uint8Array): void {
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } catch (error) {
    (error as NodeJS.ErrnoException).path ??= temporary;
    throw error;
  }
}

/**
 * A file system error about the temporary file, told as one about the target: the user named
 * `report.html`, and `.report.html.tmp-28de3d23` means nothing to them. The code stays.
 */
function aboutTarget(error: unknown, temporary: string, target: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (e?.path !== temporary) return error;
  e.message = `cannot write ${target}: ${pathErrorInWords(e, "file")}`;
  e.path = target;
  return e;
}

/** A hidden sibling with a random suffix, so two writers never share one. */
function temporaryPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp-${randomBytes(4).toString("hex")}`);
}
