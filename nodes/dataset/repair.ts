import { existsSync, readdirSync, rmSync, statSync, truncateSync } from "node:fs";
import { basename, join } from "node:path";
import { StreamColumns, type ColumnType, type DatasetRecord } from "./columns.js";
import { jsonlBatches } from "./jsonl-batches.js";
import { readParquetBatches, writeParquetFile } from "./parquet-io.js";
import { parquetFooterProblem } from "./parquet-concat.js";
import { listParts } from "./parquet-parts.js";
import { pipelineWantsParquet } from "./parquet-wanted.js";
import { STREAM_COLUMNS, STREAM_INTEGERS, streamFiles } from "./streams.js";
import { episodesAfterStart, tornEpisodeStart } from "./torn-episode.js";

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
  /**
   * Records cut because the transitions stream beside it stops at an earlier episode (`after`, -1
   * for none): each stream's parts, or JSON Lines writes, were cut short at their own point.
   */
  cutEpisodes?: { after: number; records: number };
}

/** Input repair cannot finish from (a line that is not JSON, a part that is not Parquet): nothing was changed. */
export class DatasetDamage extends Error {}

const PARTS_SUFFIX = ".parquet.parts";
/**
 * The stream the others are cut back to. Every finished episode has transitions (a step that ended
 * it without acting has its row too), and the collector writes and flushes them after the other
 * streams' (DatasetCollector.endEpisode): an episode in transitions is whole in every stream.
 */
const REFERENCE_STREAM = "transitions";
/** Run folders are shallow (`dataset/`, `shards/<k>/dataset/`); this bounds the walk in a folder that is not one. */
const MAX_DEPTH = 6;

/** What repair will do to one stream, checked against every record before anything is changed. */
interface StreamPlan {
  files: ReturnType<typeof streamFiles>;
  folder: string;
  stream: string;
  /** Where the JSON Lines file's whole records end (its size, unless a torn last episode is cut). */
  tornEnd: number | undefined;
  /** Where the JSON Lines file is cut: tornEnd, or before the episodes the transitions stream lacks. */
  jsonlEnd: number | undefined;
  /** The last episode the parts or the JSON Lines file hold (after the cuts); -1 for none; undefined when neither was read (a whole Parquet file). */
  lastEpisode: number | undefined;
  /** The last episode kept, when the transitions stream beside it cuts the stream back; and the records cut. */
  keepThrough: number | undefined;
  cutRecords: number;
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
 * last JSON Lines episode. Each stream's files were cut short at their own point, so every other
 * stream is then cut back to the last episode its folder's transitions hold (REFERENCE_STREAM). A
 * Parquet file that cannot be read, or one the pipeline wrote that is gone, is written again from
 * the JSON Lines file. All or nothing: every record is read first, and
 * a damaged line or part throws DatasetDamage, naming it, with nothing changed. A finished run is
 * left as it is. Run it on a run that has ended: a run still going has parts too, and a line being written.
 */
export async function repairDatasets(runDir: string): Promise<RepairedStream[]> {
  const plans: StreamPlan[] = [];
  const lastTransition = new Map<string, number>();
  for (const { folder, stream } of streamsBelow(runDir, 0)) {
    const plan = await planStream(runDir, folder, stream, stream === REFERENCE_STREAM ? undefined : lastTransition.get(folder));
    if (stream === REFERENCE_STREAM && plan.lastEpisode !== undefined) lastTransition.set(folder, plan.lastEpisode);
    plans.push(plan);
  }
  const repaired: RepairedStream[] = [];
  for (const plan of plans) {
    const done = await applyPlan(plan);
    if (done) repaired.push(done);
  }
  return repaired;
}

/** `keepThrough`: the last episode of the transitions beside it, which the stream is cut back to. */
async function planStream(runDir: string, folder: string, stream: string, keepThrough: number | undefined): Promise<StreamPlan> {
  const files = streamFiles(folder, stream);
  const hasParts = existsSync(files.parts);
  const tornEnd = existsSync(files.jsonl) ? tornEpisodeStart(files.jsonl) : undefined;
  const unreadable = existsSync(files.parquet) ? parquetFooterProblem(files.parquet) : undefined;
  const parquetMissing = !existsSync(files.parquet) && (hasParts || (tornEnd !== undefined && pipelineWantsParquet(runDir, folder)));
  const source = parquetMissing || unreadable ? (tornEnd !== undefined ? "jsonl" : hasParts ? "parts" : undefined) : undefined;
  if (unreadable && !source) throw new DatasetDamage(`${files.parquet} cannot be read (${unreadable}), and there is no ${basename(files.jsonl)} beside it to write it again from; nothing was changed`);
  const columns = new StreamColumns(STREAM_COLUMNS[stream as keyof typeof STREAM_COLUMNS] ?? ({} as Record<string, ColumnType>), STREAM_INTEGERS[stream as keyof typeof STREAM_INTEGERS]);
  let records = 0;
  let cutRecords = 0;
  let lastEpisode: number | undefined;
  // The JSON Lines file is read through even when the Parquet file is whole: training reads it too.
  const checked = source ?? (tornEnd !== undefined ? "jsonl" : undefined);
  if (checked) {
    const where = checked === "jsonl" ? files.jsonl : files.parts;
    lastEpisode = -1;
    let read = 0;
    try {
      for await (const batch of batchesOf(files, checked, tornEnd, undefined)) {
        for (const record of batch) {
          columns.observe(record, `${where}, record ${++read}`);
          const episode = record["episode"];
          if (typeof episode === "number" && keepThrough !== undefined && episode > keepThrough) cutRecords++;
          else {
            records++;
            if (typeof episode === "number") lastEpisode = episode;
          }
        }
      }
    } catch (error) {
      if (error instanceof DatasetDamage) throw error;
      throw new DatasetDamage(`${(error as Error).message}; nothing was changed: remove or fix it, then repair again`, { cause: error });
    }
  }
  const jsonlEnd = tornEnd !== undefined && cutRecords > 0 ? episodesAfterStart(files.jsonl, tornEnd, keepThrough!) : tornEnd;
  return { files, folder, stream, tornEnd, jsonlEnd, source, columns, records, unreadable, lastEpisode, keepThrough: cutRecords > 0 ? keepThrough : undefined, cutRecords };
}

async function applyPlan(plan: StreamPlan): Promise<RepairedStream | undefined> {
  const { files, folder, stream, tornEnd, jsonlEnd, source, keepThrough } = plan;
  const hadParts = existsSync(files.parts);
  const cutBytes = tornEnd === undefined ? 0 : statSync(files.jsonl).size - tornEnd;
  if (jsonlEnd !== undefined && jsonlEnd < statSync(files.jsonl).size) truncateSync(files.jsonl, jsonlEnd);
  if (source && plan.records > 0) await writeParquetFile(files.parquet, batchesOf(files, source, jsonlEnd, keepThrough), plan.columns.list(), "final");
  rmSync(files.parts, { recursive: true, force: true });
  for (const name of readdirSync(folder)) if (name.startsWith(`.${stream}.`) && name.includes(".tmp-")) rmSync(join(folder, name), { force: true });
  const unreadable = plan.unreadable ? { unreadable: plan.unreadable } : {};
  const cutEpisodes = keepThrough === undefined ? {} : { cutEpisodes: { after: keepThrough, records: plan.cutRecords } };
  if (source) return { file: files.parquet, from: source, records: plan.records, cutBytes, ...unreadable, ...cutEpisodes };
  if (hadParts) return { file: files.parquet, from: "complete", records: 0, cutBytes, ...cutEpisodes };
  return cutBytes > 0 || keepThrough !== undefined ? { file: files.jsonl, from: "jsonl-only", records: 0, cutBytes, ...cutEpisodes } : undefined;
}

/** The stream's records from `source`: with `keepThrough`, none of a later episode. */
function batchesOf(
  files: ReturnType<typeof streamFiles>,
  source: "jsonl" | "parts",
  jsonlEnd: number | undefined,
  keepThrough: number | undefined,
): AsyncIterable<readonly DatasetRecord[]> | Iterable<readonly DatasetRecord[]> {
  if (source === "jsonl") return jsonlBatches(files.jsonl, jsonlEnd);
  return keepThrough === undefined ? partsBatches(files.parts) : episodesThrough(partsBatches(files.parts), keepThrough);
}

async function* episodesThrough(batches: AsyncIterable<readonly DatasetRecord[]>, last: number): AsyncGenerator<readonly DatasetRecord[]> {
  for await (const batch of batches) {
    const kept = batch.filter((record) => !(typeof record["episode"] === "number" && record["episode"] > last));
    if (kept.length > 0) yield kept;
  }
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
  // The transitions first: the other streams are cut back to them.
  for (const stream of [...streams].sort((a, b) => Number(b === REFERENCE_STREAM) - Number(a === REFERENCE_STREAM))) yield { folder, stream };
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
