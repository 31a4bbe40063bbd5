import { dirname, resolve } from "node:path";
import { z } from "zod";
import { GROUP_COLOURS, NOTE_LIMITS, PIPELINE_FORMAT_VERSION } from "../../protocol/canvas-items.js";

/** The pipeline file format version this build writes. Older versions are migrated on load. */
export const CURRENT_VERSION = PIPELINE_FORMAT_VERSION;

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
  lockstep: { min: 1, max: 4096 },
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
  lockstep: z
    .number()
    .int()
    .min(RUN_LIMITS.lockstep.min)
    .max(RUN_LIMITS.lockstep.max)
    .optional()
    .describe("Episodes played together on one thread, so each model call batches all of their states (default 1); the results are a serial run's"),
});

/** Where a node or a note sits on the canvas. */
const position = z.object({ x: z.number(), y: z.number() });

/** A node as written in the file; `params` are checked against the node kind's own schema. */
export const nodeSpecSchema = z.object({
  id: identifier,
  kind: z.string().min(1),
  title: z.string().optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  // Absent in a file written by hand: the editor and reports place it (unplacedNodePosition), and copies keep it absent.
  position: position.optional(),
});

export const edgeSpecSchema = z.object({ from: portRef, to: portRef });

/** A Markdown note on the canvas (version 2): for people only, it has no ports and never runs. */
export const noteSpecSchema = z.object({
  id: identifier,
  text: z.string().max(NOTE_LIMITS.chars).describe("Markdown: paragraphs, **bold**, _emphasis_, `code`, lists, [links](shown as text)"),
  position: position.default({ x: 0, y: 0 }),
  size: z
    .object({
      width: z.number().min(NOTE_LIMITS.minSide).max(NOTE_LIMITS.maxSide),
      height: z.number().min(NOTE_LIMITS.minSide).max(NOTE_LIMITS.maxSide),
    })
    .default(NOTE_LIMITS.defaultSize),
});

/** A named, coloured frame around some nodes (version 2); moving it moves them. The engine ignores it. */
export const groupSpecSchema = z.object({
  id: identifier,
  name: z.string().max(200),
  colour: z.enum(GROUP_COLOURS).default("blue"),
  nodes: z.array(z.string()).min(1, "a group holds at least one node").describe("Ids of the nodes in the group; a node is in at most one group"),
});

/** The file without per-kind params checking: what every pipeline file must look like. */
export const pipelineEnvelopeSchema = z.object({
  // The usual way to attach a JSON Schema in VS Code (`foresight schema > schema.json`); Foresight does not read it.
  $schema: z.string().optional().describe("The JSON Schema editors check this file against, e.g. the output of `foresight schema`; Foresight ignores it"),
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
  notes: z.array(noteSpecSchema).default([]).describe("Markdown notes on the canvas; the engine ignores them"),
  groups: z.array(groupSpecSchema).default([]).describe("Named, coloured groups of nodes on the canvas; the engine ignores them"),
});

export type RunSettings = z.output<typeof runSettingsSchema>;
export type NodeSpec = z.output<typeof nodeSpecSchema>;
export type EdgeSpec = z.output<typeof edgeSpecSchema>;
export type NoteSpec = z.output<typeof noteSpecSchema>;
export type GroupSpec = z.output<typeof groupSpecSchema>;
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
