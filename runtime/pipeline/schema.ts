import { dirname, resolve } from "node:path";
import { z } from "zod";

/** The pipeline file format version this build writes. Older versions are migrated on load. */
export const CURRENT_VERSION = 1;

/** The `format` tag every pipeline file starts with. */
export const FORMAT_TAG = "foresight/pipeline";

const identifier = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "must start with a letter and use only letters, digits, _ and -");

/** `nodeId.port`, e.g. "sampler.candidates". */
export const portRef = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*\.[A-Za-z][A-Za-z0-9_]*$/, 'must look like "nodeId.port", e.g. "sampler.candidates"');

/** Bounds of the run settings a run's flags can also set: the CLI checks its flags against the same numbers. */
export const RUN_LIMITS = {
  episodes: { min: 1, max: 10_000_000 },
  seed: { min: 0, max: 0xffffffff },
  maxSteps: { min: 1, max: 1_000_000 },
} as const;

/** How a run is played. */
export const runSettingsSchema = z.object({
  episodes: z.number().int().min(RUN_LIMITS.episodes.min).max(RUN_LIMITS.episodes.max).default(100).describe("Episodes to run"),
  seed: z.number().int().min(RUN_LIMITS.seed.min).max(RUN_LIMITS.seed.max).default(0).describe("Run seed: fixes every random draw"),
  maxSteps: z.number().int().min(RUN_LIMITS.maxSteps.min).max(RUN_LIMITS.maxSteps.max).default(200).describe("Steps after which an episode is truncated"),
  onNodeError: z
    .enum(["endEpisode", "endRun"])
    .default("endEpisode")
    .describe("What a node error ends: the episode (the run goes on) or the whole run"),
  trace: z
    .enum(["full", "steps", "off"])
    .default("full")
    .describe("Trace detail: every node's inputs and outputs, one record per step, or episodes only"),
});

/** A node as written in the file; `params` are checked against the node kind's own schema. */
export const nodeSpecSchema = z.object({
  id: identifier,
  kind: z.string().min(1),
  title: z.string().optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
});

export const edgeSpecSchema = z.object({ from: portRef, to: portRef });

/** The file without per-kind params checking: what every pipeline file must look like. */
export const pipelineEnvelopeSchema = z.object({
  format: z.literal(FORMAT_TAG),
  version: z.literal(CURRENT_VERSION),
  name: z.string().min(1),
  description: z.string().optional(),
  baseDir: z
    .string()
    .optional()
    .describe("Folder that relative paths (models) resolve against, relative to this file; a run folder's copy points it back at the original pipeline's folder"),
  run: runSettingsSchema.default(runSettingsSchema.parse({})),
  nodes: z.array(nodeSpecSchema),
  edges: z.array(edgeSpecSchema).default([]),
});

export type RunSettings = z.output<typeof runSettingsSchema>;
export type NodeSpec = z.output<typeof nodeSpecSchema>;
export type EdgeSpec = z.output<typeof edgeSpecSchema>;
/** A parsed pipeline file. Node params are still raw here; validation parses them per kind. */
export type Pipeline = z.output<typeof pipelineEnvelopeSchema>;

/** Splits "node.port". */
export function parsePortRef(ref: string): { node: string; port: string } {
  const dot = ref.indexOf(".");
  return { node: ref.slice(0, dot), port: ref.slice(dot + 1) };
}

/** The folder relative paths in a pipeline file resolve against: its own, or its `baseDir`. */
export function pipelineDirOf(file: string, doc: unknown): string {
  const baseDir = (doc as { baseDir?: unknown } | null)?.baseDir;
  return resolve(dirname(resolve(file)), typeof baseDir === "string" ? baseDir : ".");
}
