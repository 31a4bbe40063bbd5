import { z } from "zod";
import type { RunEvent } from "../../runtime/engine/events.js";
import type { RunResult } from "../../runtime/engine/run-pipeline.js";
import { runSettingsSchema } from "../../runtime/pipeline/schema.js";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a sha256 in hex");

/**
 * One BullMQ job: a contiguous range of a run's episodes, with everything a worker needs and no
 * path on the producer's disk: the pipeline document (its model paths rewritten to `<sha256>.onnx`)
 * and the models by hash (stored in Redis under `foresight:model:<sha256>`).
 */
export const batchJobSchema = z.object({
  format: z.literal("foresight/batch"),
  version: z.literal(1),
  runId: z.string().regex(/^[A-Za-z0-9_.-]+$/),
  /** The batch's place in the run, in episode order: its files join the run folder's in this order (BatchFiles). */
  batch: z.number().int().min(0),
  /** First and last episode (inclusive). */
  first: z.number().int().min(0),
  last: z.number().int().min(0),
  /** The pipeline as validated by the producer, model paths pointing into the worker's model cache. */
  pipeline: z.record(z.string(), z.unknown()),
  /** sha256 of the pipeline document (formatted): workers keep one validated copy per hash. */
  pipelineSha256: sha256,
  /** `path`: the path the pipeline file gave the model (the first node's), which the trace names it by. */
  models: z.array(z.object({ sha256, bytes: z.number().int().min(0), path: z.string().optional() })),
  settings: runSettingsSchema,
});

/** A batch job's payload. */
export type BatchJob = z.output<typeof batchJobSchema>;

/**
 * An outcome's header: everything but the bytes (its trace lines and files), which follow it as
 * they are, so neither side turns them into JSON strings or base64 and back.
 */
const outcomeHeaderSchema = z.object({
  format: z.literal("foresight/outcome"),
  version: z.literal(2),
  runId: z.string(),
  batch: z.number().int().min(0),
  first: z.number().int().min(0),
  last: z.number().int().min(0),
  /** Who played it (`foresight worker --name`, else host and pid). */
  worker: z.string(),
  result: z.custom<RunResult>(isRunResult, "not a batch's result (status, episodes, models, node times)"),
  notices: z.array(z.custom<RunEvent>((value) => typeof value === "object" && value !== null && typeof (value as RunEvent).type === "string")),
  traceBytes: z.number().int().min(0),
  files: z.array(z.object({ path: z.string().min(1), bytes: z.number().int().min(0) })),
});

/** What the producer reads of a batch's result, whatever its status (completed, failed, stopped): checked here, not where each is read. */
function isRunResult(value: unknown): value is RunResult {
  if (typeof value !== "object" || value === null) return false;
  const result = value as RunResult;
  return ["completed", "failed", "stopped"].includes(result.status) && [result.episodes, result.models, result.nodeTimes].every(Array.isArray);
}

/** What a worker stores when it finished a batch. */
export interface BatchOutcome {
  runId: string;
  batch: number;
  first: number;
  last: number;
  worker: string;
  result: RunResult;
  /**
   * Events the producer handles one by one: the model loads (it writes them to the trace under the
   * file's own paths) and what its listener hears (LISTENED_EVENTS: progress, errors), also in `trace`.
   */
  notices: RunEvent[];
  /** The batch's trace lines (UTF-8 JSONL, as trace.jsonl holds them), without its run.start, run.end and model loads. */
  trace: Uint8Array;
  /** The files the batch wrote in its folder (its datasets), relative to it. */
  files: { path: string; bytes: Uint8Array }[];
}

/** Bytes before the header: its length (uint32, big-endian). */
const LENGTH_BYTES = 4;

/**
 * The stored form of an outcome: the header's length, the header (JSON), the trace lines, then
 * the files one after the other. Not compressed: on the loopback and LAN links a queue runs on,
 * gzip cost more than the bytes it saved (docs/distributed.md, "What scales how").
 */
export function encodeOutcome(outcome: BatchOutcome): Buffer {
  const { trace, files, ...rest } = outcome;
  const header = Buffer.from(
    JSON.stringify({ format: "foresight/outcome", version: 2, ...rest, traceBytes: trace.length, files: files.map((file) => ({ path: file.path, bytes: file.bytes.length })) }),
  );
  const length = Buffer.allocUnsafe(LENGTH_BYTES);
  length.writeUInt32BE(header.length);
  return Buffer.concat([length, header, trace, ...files.map((file) => file.bytes)]);
}

/** Reads a stored outcome (its bytes are views into `bytes`); throws naming the key when it is not one. */
export function decodeOutcome(bytes: Buffer, key: string): BatchOutcome {
  const refuse = (why: string) => new Error(`${key}: not a batch outcome (${why})`);
  if (bytes.length < LENGTH_BYTES) throw refuse(`${bytes.length} bytes`);
  const headerEnd = LENGTH_BYTES + bytes.readUInt32BE(0);
  if (headerEnd > bytes.length) throw refuse(`its header runs past its ${bytes.length} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8", LENGTH_BYTES, headerEnd));
  } catch (error) {
    throw refuse(`its header is not JSON: ${(error as Error).message}`);
  }
  const parsed = outcomeHeaderSchema.safeParse(json);
  if (!parsed.success) throw refuse(`${parsed.error.issues[0]?.path.join("/")}: ${parsed.error.issues[0]?.message}`);
  const { format: _format, version: _version, traceBytes, files, ...rest } = parsed.data;
  const size = headerEnd + traceBytes + files.reduce((sum, file) => sum + file.bytes, 0);
  if (size !== bytes.length) throw refuse(`its header accounts for ${size} bytes, it has ${bytes.length}`);
  let at = headerEnd;
  const take = (length: number) => bytes.subarray(at, (at += length));
  const trace = take(traceBytes);
  return { ...rest, trace, files: files.map((file) => ({ path: file.path, bytes: take(file.bytes) })) };
}
