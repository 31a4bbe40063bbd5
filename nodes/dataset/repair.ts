import { existsSync, readdirSync, rmSync, statSync, truncateSync } from "node:fs";
import { basename, join } from "node:path";
import { StreamColumns, type ColumnType, type DatasetRecord } from "./columns.js";
import { jsonlBatches } from "./jsonl-batches.js";
import { readParquetBatches, writeParquetFile } from "./parquet-io.js";
import { parquetFooterProblem } from "./parquet-concat.js";
import { listParts } from "./parquet-parts.js";
import { pipelineWantsParquet } from "./parquet-wanted.js";
import { STREAM_COLUMNS, streamFiles } from "./streams.js";
import { tornEpisodeStart } from "./torn-episode.js";

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
  /** Why the Parquet file that was there was replaced: it could not be read. */
  unreadable?: string;
}

/** Input repair cannot finish from (a line that is not JSON, a part that is not Parquet): nothing was changed. */
export class DatasetDamage extends Error {}

const PARTS_SUFFIX = ".parquet.parts";
/** Run folders are shallow (`dataset/`, `shards/<k>/dataset/`); this bounds the walk in a folder that is not one. */
const MAX_DEPTH = 6;

/** What repair will do to one stream, checked against every record before anything is changed. */
interface StreamPlan {
  files: ReturnType<typeof streamFiles>;
  folder: string;
  stream: string;
  /** Where the JSON Lines file's whole records end (its size, unless a torn last episode is cut). */
  jsonlEnd: number | undefined;
  /** Where the Parquet file is written from, when it is. */
  source: "jsonl" | "parts" | undefined;
  columns: StreamColumns;
  records: number;
  unreadable: string | undefined;
}

/**
 * Finishes the datasets a killed run left in `runDir`: writes `<stream>.parquet` atomically from
 * `<stream>.jsonl` — every finished episode, in the order they finished — or from the parts when the
 * run wrote only Parquet, then removes the parts, temporary files of a write cut short, and a torn
 * last JSON Lines episode. A Parquet file that cannot be read, or one the pipeline wrote that is
 * gone, is written again from the JSON Lines file. All or nothing: every record is read first, and
 * a damaged line or part throws DatasetDamage, naming it, with nothing changed. A finished run is
 * left as it is. Run it on a run that has ended: a run still going has parts too, and a line being written.
 */
export async function repairDatasets(runDir: string): Promise<RepairedStream[]> {
  const plans: StreamPlan[] = [];
  for (const { folder, stream } of streamsBelow(runDir, 0)) plans.push(await planStream(runDir, folder, stream));
  const repaired: RepairedStream[] = [];
  for (const plan of plans) {
    const done = await applyPlan(plan);
    if (done) repaired.push(done);
  }
  return repaired;
}

async function planStream(runDir: string, folder: string, stream: string): Promise<StreamPlan> {
  const files = streamFiles(folder, stream);
  const hasParts = existsSync(files.parts);
  const jsonlEnd = existsSync(files.jsonl) ? tornEpisodeStart(files.jsonl) : undefined;
  const unreadable = existsSync(files.parquet) ? parquetFooterProblem(files.parquet) : undefined;
  const parquetMissing = !existsSync(files.parquet) && (hasParts || (jsonlEnd !== undefined && pipelineWantsParquet(runDir, folder)));
  const source = parquetMissing || unreadable ? (jsonlEnd !== undefined ? "jsonl" : hasParts ? "parts" : undefined) : undefined;
  if (unreadable && !source) throw new DatasetDamage(`${files.parquet} cannot be read (${unreadable}), and there is no ${basename(files.jsonl)} beside it to write it again from; nothing was changed`);
  const columns = new StreamColumns(STREAM_COLUMNS[stream as keyof typeof STREAM_COLUMNS] ?? ({} as Record<string, ColumnType>));
  let records = 0;
  // The JSON Lines file is read through even when the Parquet file is whole: training reads it too.
  const checked = source ?? (jsonlEnd !== undefined ? "jsonl" : undefined);
  if (checked) {
    const where = checked === "jsonl" ? files.jsonl : files.parts;
    try {
      for await (const batch of batchesOf(files, checked, jsonlEnd)) for (const record of batch) columns.observe(record, `${where}, record ${++records}`);
    } catch (error) {
      if (error instanceof DatasetDamage) throw error;
      throw new DatasetDamage(`${(error as Error).message}; nothing was changed: remove or fix it, then repair again`, { cause: error });
    }
  }
  return { files, folder, stream, jsonlEnd, source, columns, records, unreadable };
}

async function applyPlan(plan: StreamPlan): Promise<RepairedStream | undefined> {
  const { files, folder, stream, jsonlEnd, source } = plan;
  const hadParts = existsSync(files.parts);
  const cutBytes = jsonlEnd === undefined ? 0 : statSync(files.jsonl).size - jsonlEnd;
  if (cutBytes > 0) truncateSync(files.jsonl, jsonlEnd);
  if (source && plan.records > 0) await writeParquetFile(files.parquet, batchesOf(files, source, jsonlEnd), plan.columns.list(), "final");
  rmSync(files.parts, { recursive: true, force: true });
  for (const name of readdirSync(folder)) if (name.startsWith(`.${stream}.`) && name.includes(".tmp-")) rmSync(join(folder, name), { force: true });
  const unreadable = plan.unreadable ? { unreadable: plan.unreadable } : {};
  if (source) return { file: files.parquet, from: source, records: plan.records, cutBytes, ...unreadable };
  if (hadParts) return { file: files.parquet, from: "complete", records: 0, cutBytes };
  return cutBytes > 0 ? { file: files.jsonl, from: "jsonl-only", records: 0, cutBytes } : undefined;
}

function batchesOf(files: ReturnType<typeof streamFiles>, source: "jsonl" | "parts", jsonlEnd: number | undefined): AsyncIterable<readonly DatasetRecord[]> | Iterable<readonly DatasetRecord[]> {
  return source === "jsonl" ? jsonlBatches(files.jsonl, jsonlEnd) : partsBatches(files.parts);
}

/** Each stream below `folder` with any of its files: a JSON Lines file, a Parquet file, a parts folder. */
function* streamsBelow(folder: string, depth: number): Generator<{ folder: string; stream: string }> {
  if (depth > MAX_DEPTH) return;
  const streams = new Set<string>();
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const name = entry.name;
    if (entry.isDirectory() && name.endsWith(PARTS_SUFFIX)) streams.add(name.slice(0, -PARTS_SUFFIX.length));
    else if (entry.isDirectory()) yield* streamsBelow(join(folder, name), depth + 1);
    // Without parts, the collector's streams only: not the trace, nor another node's files.
    else if (entry.isFile() && /\.(jsonl|parquet)$/.test(name) && Object.hasOwn(STREAM_COLUMNS, name.slice(0, name.lastIndexOf(".")))) streams.add(name.slice(0, name.lastIndexOf(".")));
  }
  for (const stream of streams) yield { folder, stream };
}

/** A part's records; a part that cannot be read is named. */
async function* partsBatches(folder: string): AsyncGenerator<readonly DatasetRecord[]> {
  for (const part of listParts(folder)) {
    try {
      yield* readParquetBatches(part.path);
    } catch (error) {
      throw new DatasetDamage(`${part.path} cannot be read (${(error as Error).message}); nothing was changed: move that part aside to finish the dataset from the others (its episodes are lost)`, { cause: error });
    }
  }
}
