import { closeSync, existsSync, openSync, readdirSync, readSync, rmSync, statSync, truncateSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { StreamColumns, type ColumnType, type DatasetRecord } from "./columns.js";
import { readParquetBatches, writeParquetFile } from "./parquet-io.js";
import { jsonlBatches } from "./jsonl-batches.js";
import { episodeOfLine } from "./read-dataset.js";
import { listParts } from "./parquet-parts.js";
import { STREAM_COLUMNS } from "./streams.js";
import { streamFiles } from "./streams.js";

/** What repair did to one stream. */
export interface RepairedStream {
  /** The Parquet file, now complete; for a stream written only as JSON Lines, that file. */
  file: string;
  /**
   * Where its records came from: the JSON Lines file, the parts (a run that wrote only Parquet), or
   * nothing to do (it was complete; the parts were leftovers); "jsonl-only": a run that wrote no
   * Parquet, whose JSON Lines file only had a torn last episode cut off.
   */
  from: "jsonl" | "parts" | "complete" | "jsonl-only";
  records: number;
  /** Bytes of a torn last episode (a write cut short: its partial last line and its lines before it) that were cut off. */
  cutBytes: number;
}

const PARTS_SUFFIX = ".parquet.parts";
/** Run folders are shallow (`dataset/`, `shards/<k>/dataset/`); this bounds the walk in a folder that is not one. */
const MAX_DEPTH = 6;

/**
 * Finishes the datasets a killed run left in `runDir` (any `<stream>.parquet.parts` folder below
 * it): writes `<stream>.parquet` atomically from `<stream>.jsonl` — every finished episode, in the
 * order they finished — or from the parts when the run wrote only Parquet, then removes the parts,
 * temporary files of a write cut short, and a torn last JSON Lines episode — in a run that wrote only
 * JSON Lines too. A finished run has no parts folder nor torn line and is left as it is. Run it on a
 * run that has ended: a run still going has parts too, and a line being written.
 */
export async function repairDatasets(runDir: string): Promise<RepairedStream[]> {
  const repaired: RepairedStream[] = [];
  for (const parts of partsFolders(runDir, 0)) repaired.push(await repairStream(parts));
  // A run that wrote only JSON Lines has no parts to find its files by; those beside parts are cut already.
  for (const jsonl of streamJsonlFiles(runDir, 0)) {
    const cutBytes = cutTornEpisode(jsonl);
    if (cutBytes > 0) repaired.push({ file: jsonl, from: "jsonl-only", records: 0, cutBytes });
  }
  return repaired;
}

async function repairStream(partsFolder: string): Promise<RepairedStream> {
  const file = partsFolder.slice(0, -".parts".length);
  const folder = dirname(file);
  const stream = basename(file, ".parquet");
  const { jsonl } = streamFiles(folder, stream);
  const cutBytes = existsSync(jsonl) ? cutTornEpisode(jsonl) : 0;
  let result: RepairedStream;
  if (existsSync(file)) {
    // Killed between writing the file at close and removing the parts: the file holds them all.
    result = { file, from: "complete", records: 0, cutBytes };
  } else {
    const source = existsSync(jsonl) ? { from: "jsonl" as const, batches: () => jsonlBatches(jsonl) } : { from: "parts" as const, batches: () => partsBatches(partsFolder) };
    const columns = new StreamColumns(STREAM_COLUMNS[stream as keyof typeof STREAM_COLUMNS] ?? ({} as Record<string, ColumnType>));
    let records = 0;
    for await (const batch of source.batches()) {
      for (const record of batch) columns.observe(record, `${source.from === "jsonl" ? jsonl : partsFolder}, record ${++records}`);
    }
    if (records > 0) await writeParquetFile(file, source.batches(), columns.list(), "final");
    result = { file, from: source.from, records, cutBytes };
  }
  rmSync(partsFolder, { recursive: true, force: true });
  for (const name of readdirSync(folder)) if (name.startsWith(`.${stream}.`) && name.includes(".tmp-")) rmSync(join(folder, name), { force: true });
  return result;
}

function* partsFolders(folder: string, depth: number): Generator<string> {
  if (depth > MAX_DEPTH) return;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(folder, entry.name);
    if (entry.name.endsWith(PARTS_SUFFIX)) yield path;
    else yield* partsFolders(path, depth + 1);
  }
}

/** The collector's JSON Lines files below `folder` (`transitions.jsonl`, …): not the trace, nor another node's. */
function* streamJsonlFiles(folder: string, depth: number): Generator<string> {
  if (depth > MAX_DEPTH) return;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && !entry.name.endsWith(PARTS_SUFFIX)) yield* streamJsonlFiles(path, depth + 1);
    else if (entry.isFile() && Object.hasOwn(STREAM_COLUMNS, basename(entry.name, ".jsonl")) && entry.name.endsWith(".jsonl")) yield path;
  }
}

async function* partsBatches(folder: string): AsyncGenerator<readonly DatasetRecord[]> {
  for (const part of listParts(folder)) yield* readParquetBatches(part.path);
}

const CHUNK_BYTES = 1 << 20;

/**
 * Cuts a torn last episode off a JSON Lines file (so pandas and TRL read it): the partial last line,
 * and the lines of its episode before it (one write per episode, which a kill may cut at a page);
 * answers the bytes cut.
 */
function cutTornEpisode(path: string): number {
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
  if (keep < size) truncateSync(path, keep);
  return size - keep;
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
