import { closeSync, openSync, readSync } from "node:fs";
import type { DatasetRecord } from "./columns.js";

const BATCH_RECORDS = 10_000;

/** A dataset line's record; a line that is not JSON is named by file and line (1-based). */
export function parseDatasetLine(text: string, path: string, line: number): DatasetRecord {
  try {
    // A file saved by a Windows editor may start with a byte-order mark, which JSON.parse refuses (a CR before each newline it takes as whitespace).
    return JSON.parse(line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as DatasetRecord;
  } catch (error) {
    throw new Error(`${path}, line ${line}: not a JSON record (${(error as Error).message})`, { cause: error });
  }
}

/**
 * The records of a JSON Lines file, read a chunk at a time (a long run's file need not fit in memory
 * twice); with `endByte`, only its lines before that byte.
 */
export function* jsonlBatches(path: string, endByte = Infinity): Generator<readonly DatasetRecord[]> {
  let batch: DatasetRecord[] = [];
  let line = 0;
  for (const text of completeLines(path, endByte)) {
    batch.push(parseDatasetLine(text, path, ++line));
    if (batch.length >= BATCH_RECORDS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

const CHUNK_BYTES = 1 << 20;

/** Every line that ends with a newline (the writer ends each one so; a kill may leave a partial last line). */
function* completeLines(path: string, endByte: number): Generator<string> {
  const fd = openSync(path, "r");
  try {
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let carry = Buffer.alloc(0);
    let position = 0;
    const readMore = (): number => {
      const read = readSync(fd, chunk, 0, Math.min(CHUNK_BYTES, endByte - position), position);
      position += read;
      return read;
    };
    for (let read = readMore(); read > 0; read = readMore()) {
      let data = Buffer.concat([carry, chunk.subarray(0, read)]);
      let end = data.indexOf(10);
      while (end >= 0) {
        yield data.toString("utf8", 0, end);
        data = data.subarray(end + 1);
        end = data.indexOf(10);
      }
      carry = Buffer.from(data);
    }
  } finally {
    closeSync(fd);
  }
}
