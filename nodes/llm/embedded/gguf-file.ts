import { createHash } from "node:crypto";
import { closeSync, openSync, readSync, statSync } from "node:fs";

const MAGIC = "GGUF";
/** How much of each end of the file the fingerprint reads: the whole header (names, tokenizer, tensor layout) and the last weights. */
const SAMPLE = 1 << 20;

const fingerprints = new Map<string, string>();

/**
 * The identity of the GGUF model at `file` in the response cache, after checking it is one; throws
 * saying what is wrong, prefixed with `where`. A digest of the size, the first and the last MiB rather
 * than of the whole file: a cached rerun must not read gigabytes of weights (a fine-tune of the same
 * size and header still differs in its last tensors). Computed once per file state in a process.
 */
export function ggufFingerprint(file: string, where: string): string {
  let size: number;
  let mtime: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error(`${file} is not a file`);
    size = stat.size;
    mtime = stat.mtimeMs;
  } catch (error) {
    throw new Error(`${where}: ${unreadable(file, error)}`, { cause: error });
  }
  const key = `${file}\0${size}\0${mtime}`;
  const known = fingerprints.get(key);
  if (known !== undefined) return known;
  const fd = openSync(file, "r");
  try {
    const head = read(fd, 0, Math.min(SAMPLE, size));
    const foreign = notGguf(file, head);
    if (foreign !== undefined) throw new Error(`${where}: ${foreign}`);
    const tail = read(fd, Math.max(0, size - SAMPLE), Math.min(SAMPLE, size));
    const fingerprint = createHash("sha256").update(`${size}\0`).update(head).update(tail).digest("hex").slice(0, 32);
    fingerprints.set(key, fingerprint);
    return fingerprint;
  } finally {
    closeSync(fd);
  }
}

/**
 * Why `file` is no GGUF model — missing, not a file, another format — or undefined when it starts as
 * one: validation's check, which reads 4 bytes, as an ONNX model's is made before any run.
 */
export function ggufFileProblem(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) throw new Error(`${file} is not a file`);
    const fd = openSync(file, "r");
    try {
      return notGguf(file, read(fd, 0, MAGIC.length));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return unreadable(file, error);
  }
}

function unreadable(file: string, error: unknown): string {
  const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? `no file at ${file}` : (error as Error).message;
  return `${reason} (an embedded model is a GGUF file, its path relative to the pipeline file)`;
}

function notGguf(file: string, head: Buffer): string | undefined {
  const start = head.subarray(0, MAGIC.length).toString("latin1");
  if (start === MAGIC) return undefined;
  return `${file} is not a GGUF model (it starts with ${JSON.stringify(start)}; GGUF files start with "GGUF"). Convert the model with llama.cpp's convert_hf_to_gguf.py, or download a .gguf build of it`;
}

function read(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const got = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, got);
}
