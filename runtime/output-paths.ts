import { randomBytes } from "node:crypto";
import { accessSync, closeSync, constants, lstatSync, mkdirSync, openSync, rmdirSync, rmSync, statSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { errnoInWords, typeOf } from "./regular-file.js";

/** A place output cannot go: the message names the path and why, for one line of a CLI error. */
export class OutputPathError extends Error {}

/** Node's error codes for making a folder or file (`made`) at a path, in words. */
export function pathErrorInWords(error: unknown, made: "folder" | "file" = "folder"): string {
  const code = (error as NodeJS.ErrnoException).code;
  // /proc and other virtual file systems answer a mkdir with ENOENT although the parent exists.
  if (code === "ENOENT") return `the file system does not let a ${made} be made there`;
  return errnoInWords(error) ?? code ?? (error as Error).message;
}

/** A hidden name in `folder` no one else uses, for a probe made and removed at once. */
function probeIn(folder: string, stem: string): string {
  return join(folder, `.${stem}.probe-${randomBytes(4).toString("hex")}`);
}

/**
 * Makes and removes a folder (or file) in `folder`: access(W_OK) answers yes for root on /sys and
 * /proc/self/fd, where every mkdir fails (EPERM, ENOENT), and the run or the training would fail only
 * once done.
 */
function probeWritable(folder: string, made: "folder" | "file", stem: string): void {
  const probe = probeIn(folder, stem);
  try {
    if (made === "folder") {
      mkdirSync(probe);
      rmdirSync(probe);
    } else {
      closeSync(openSync(probe, "wx"));
      rmSync(probe, { force: true });
    }
  } catch (error) {
    throw new OutputPathError(`cannot make a ${made} in ${folder}: ${pathErrorInWords(error, made)}`);
  }
}

/** The entry at `path`, undefined when nothing is there; a dangling symbolic link or a path through a file throws. */
function entryAt(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR") throw new OutputPathError(`${path} lies inside a file, not a folder`);
    if (code !== "ENOENT") throw new OutputPathError(`cannot use ${path}: ${pathErrorInWords(error)}`);
  }
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    // Nothing there at all.
  }
  if (link) throw new OutputPathError(`${path} is a symbolic link to something missing`);
  return undefined;
}

/**
 * Makes a folder and its missing parents (like mkdir -p), one level at a time from the nearest
 * existing ancestor, so every refusal is one error naming the path: a file or device in the way, a
 * dangling link, no permission. (Node's recursive mkdirSync retries forever on some virtual file
 * systems: `mkdirSync("/proc/x", { recursive: true })` never returns.)
 */
export function makeFolder(path: string): void {
  const folder = resolve(path);
  const missing: string[] = [];
  for (let at = folder; ; at = dirname(at)) {
    const entry = entryAt(at);
    if (entry) {
      if (!entry.isDirectory()) throw new OutputPathError(`${at} is ${typeOf(entry)}, not a folder`);
      break;
    }
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const at of missing.reverse()) {
    try {
      mkdirSync(at);
    } catch (error) {
      // Made meanwhile by another run: fine, if it is a folder.
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && statSync(at).isDirectory()) continue;
      throw new OutputPathError(`cannot make the folder ${at}: ${pathErrorInWords(error)}`);
    }
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new OutputPathError(`cannot write into ${folder}: ${pathErrorInWords(error)}`);
  }
  probeWritable(folder, "folder", "foresight");
}

/**
 * Checks that a file can be written at `path` (atomically: a temporary sibling renamed over it)
 * before the work that produces it starts: the path is not a folder (nor names one, ending in a
 * slash) or a device, and its folder exists and is writable.
 */
export function checkOutputFile(path: string): void {
  // resolve() drops a trailing slash, and the folder it names need not exist yet: the rename would fail after the work.
  if (path.endsWith("/") || path.endsWith(sep)) throw new OutputPathError(`${path} ends in "${path.at(-1)}", so it names a folder, not a file to write`);
  const target = resolve(path);
  const entry = entryAt(target);
  if (entry && !entry.isFile()) throw new OutputPathError(`${path} is ${typeOf(entry)}, not a file to write`);
  const folder = dirname(target);
  const parent = entryAt(folder);
  if (!parent) throw new OutputPathError(`the folder ${folder} does not exist`);
  if (!parent.isDirectory()) throw new OutputPathError(`${folder} is ${typeOf(parent)}, not a folder`);
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new OutputPathError(`cannot write into ${folder}: ${pathErrorInWords(error)}`);
  }
  probeWritable(folder, "file", basename(target));
}
