import { promisify } from "node:util";
import { gunzipSync, gzip } from "node:zlib";
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
  /** The batch's place in the run: its files go to `shards/<batch>/` of the run folder. */
  batch: z.number().int().min(0),
  /** First and last episode (inclusive). */
  first: z.number().int().min(0),
  last: z.number().int().min(0),
  /** The pipeline as validated by the producer, model paths pointing into the worker's model cache. */
  pipeline: z.record(z.string(), z.unknown()),
  /** sha256 of the pipeline document (formatted): workers keep one validated copy per hash. */
  pipelineSha256: sha256,
  models: z.array(z.object({ sha256, bytes: z.number().int().min(0) })),
  settings: runSettingsSchema,
});

/** A batch job's payload. */
export type BatchJob = z.output<typeof batchJobSchema>;

/** A file a batch wrote in its folder (a dataset), relative to it. */
const batchFileSchema = z.object({ path: z.string().min(1), base64: z.string() });

const outcomeSchema = z.object({
  runId: z.string(),
  batch: z.number().int().min(0),
  first: z.number().int().min(0),
  last: z.number().int().min(0),
  /** Who played it (`foresight worker --name`, else host and pid). */
  worker: z.string(),
  result: z.custom<RunResult>((value) => typeof value === "object" && value !== null && Array.isArray((value as RunResult).episodes)),
  events: z.array(z.custom<RunEvent>((value) => typeof value === "object" && value !== null && typeof (value as RunEvent).type === "string")),
  files: z.array(batchFileSchema),
});

/** What a worker stores when it finished a batch: its result, trace events and files. */
export type BatchOutcome = z.output<typeof outcomeSchema>;

const gzipAsync = promisify(gzip);

/** The stored form of an outcome: gzipped JSON (a batch's events compress ~10×), compressed off the main thread. */
export function encodeOutcome(outcome: BatchOutcome): Promise<Buffer> {
  return gzipAsync(JSON.stringify(outcome), { level: 1 });
}

/** Reads a stored outcome; throws naming the key when it is not one. */
export function decodeOutcome(bytes: Buffer, key: string): BatchOutcome {
  const parsed = outcomeSchema.safeParse(JSON.parse(gunzipSync(bytes).toString("utf8")));
  if (!parsed.success) throw new Error(`${key}: not a batch outcome (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}
