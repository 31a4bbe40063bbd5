import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { builtinRegistry } from "../../nodes/index.js";
import type { RunControl } from "../../runtime/engine/control.js";
import type { RunEvent } from "../../runtime/engine/events.js";
import { createModelCache, type ModelCache } from "../../runtime/inference/model-cache.js";
import { runPipeline } from "../../runtime/engine/run-pipeline.js";
import { formatProblem } from "../../runtime/pipeline/problem.js";
import { validatePipeline, type ValidatedPipeline } from "../../runtime/pipeline/validate.js";
import type { NodeRegistry } from "../../runtime/registry.js";
import { JsonBytes } from "../../runtime/trace/json-bytes.js";
import { EventPacker, type PackedBatch } from "../../runtime/trace/packed-events.js";
import { inTraceFile } from "../../runtime/trace/file-events.js";
import { PackedLines } from "../../runtime/trace/packed-lines.js";
import { LISTENED_EVENTS } from "../parallel-protocol.js";
import type { BatchJob, BatchOutcome } from "./batch-job.js";

/** Folders a worker plays in: the model cache (the batches' pipeline folder) and scratch space. */
export interface BatchFolders {
  models: string;
  scratch: string;
}

/** A batch's pipeline does not validate on this worker: retrying cannot help. */
export class BatchRefused extends Error {}

/** Validated pipelines by hash: a run's batches share one, so a worker validates it once. */
const VALIDATED_KEPT = 8;

/** A packed batch of events is handed over once it fills this much of its arrays. */
const TAKE_FILL = 0.9;

/**
 * A batch as its episode thread played it: the outcome, with the trace still packed (packed-events.ts)
 * rather than JSON. `withTraceLines` makes the JSON on the worker's main thread, beside the next
 * batch's episodes, as a local run's trace writer thread does: made on the episode thread, it cost
 * that thread ~0.12 ms of a V-GPS episode's ~0.56 at trace `steps`.
 */
export interface PackedOutcome extends Omit<BatchOutcome, "trace"> {
  trace: PackedBatch[];
}

/** The outcome to store: its trace as lines, each event's JSON as the trace writer writes it. */
export function withTraceLines(outcome: PackedOutcome): BatchOutcome {
  const lines = new PackedLines();
  const out = new JsonBytes();
  for (const batch of outcome.trace) lines.write(batch, out);
  return { ...outcome, trace: out.view() };
}

/**
 * Plays batches of episodes as `runPipeline` plays a run, in a scratch folder (where a Dataset
 * collector writes), and packs what it produced: the result, the trace (without the batch's own
 * run.start and run.end: the producer writes one of each), the events the producer handles one by
 * one, and the files. Batches play their episodes one batch at a time; the next batch may start
 * while the last one's nodes close (`played`), each in a scratch folder of its own.
 */
export class BatchPlayer {
  private readonly validated = new Map<string, ValidatedPipeline>();
  /** Models stay loaded from batch to batch: their files are named by content, so one cache serves every run. */
  private readonly models: ModelCache;
  /**
   * Scratch folders not in use, kept for the next batch emptied of their files: creating and
   * deleting a folder per batch cost ~5 ms on ext4 here, a quarter of a 20-episode batch. One per
   * batch in progress is made when none is free (two at most: one playing, one closing).
   */
  private readonly freeFolders: string[] = [];

  constructor(
    private readonly folders: BatchFolders,
    private readonly worker: string,
    /** The kinds this worker offers: the built-ins, plus `foresight worker --kinds` modules'. */
    private readonly registry: NodeRegistry = builtinRegistry(),
  ) {
    this.models = createModelCache({ pipelineDir: folders.models });
  }

  /** Releases the models and deletes the scratch folders (once no batch is in progress). */
  async dispose(): Promise<void> {
    await this.models.dispose();
    for (const folder of this.freeFolders) rmSync(folder, { recursive: true, force: true });
  }

  /**
   * Plays one batch; `played` is called once its episodes are played, before its nodes close and
   * its outcome is packed: from then on the next batch may play.
   */
  async play(job: BatchJob, control: RunControl, played?: () => void): Promise<PackedOutcome> {
    const validated = this.validate(job);
    const runDir = this.freeFolders.pop() ?? this.newFolder();
    // One packer a batch: a batch's trace is read back with a string table of its own.
    const packer = new EventPacker();
    const trace: PackedBatch[] = [];
    const pack = (event: RunEvent) => {
      packer.pack(event);
      if (packer.fill >= TAKE_FILL) trace.push(packer.take());
    };
    try {
      const notices: RunEvent[] = [];
      const result = await runPipeline(validated, {
        runId: job.runId,
        pipelineDir: this.folders.models,
        runDir,
        settings: job.settings,
        modelCache: this.models,
        episodeIndices: Array.from({ length: job.last - job.first + 1 }, (_, i) => job.first + i),
        // Batches share no memory: each counts its nodes' use alone, against its episodes' part of a run-wide limit.
        episodePart: { before: job.first, count: job.last - job.first + 1, total: job.settings.episodes },
        control,
        ...(played ? { onPlayed: played } : {}),
        onEvent: (event) => {
          if (event.type === "run.start" || event.type === "run.end" || !inTraceFile(event)) return;
          // Packed here, where the candidate tables are at hand, as the trace writer would; model loads go by themselves: the producer rewrites their paths.
          if (event.type === "model.load") return void notices.push(event);
          // A node's note names the run folder, not this batch's scratch one; the producer's listener hears it (the CLI prints it).
          const kept = event.type === "node.log" ? inRunFolder(event, runDir) : event;
          pack(kept);
          if (LISTENED_EVENTS.has(kept.type)) notices.push(kept);
        },
      });
      if (packer.count > 0) trace.push(packer.take());
      return { runId: job.runId, batch: job.batch, first: job.first, last: job.last, worker: this.worker, result, notices, trace, files: takeFiles(runDir) };
    } finally {
      emptyFolder(runDir);
      this.freeFolders.push(runDir);
    }
  }

  private newFolder(): string {
    mkdirSync(this.folders.scratch, { recursive: true });
    // Absolute, as the paths its nodes log are: inRunFolder finds the folder in them (`--scratch` may be relative).
    return mkdtempSync(join(resolve(this.folders.scratch), "batches-"));
  }

  private validate(job: BatchJob): ValidatedPipeline {
    const known = this.validated.get(job.pipelineSha256);
    if (known) return known;
    const checked = validatePipeline(job.pipeline, this.registry, { pipelineDir: this.folders.models });
    if (!checked.ok) {
      const problem = checked.problems[0]!;
      throw new BatchRefused(`the pipeline does not validate on this worker: ${formatProblem(problem)}`);
    }
    if (this.validated.size >= VALIDATED_KEPT) this.validated.delete(this.validated.keys().next().value!);
    this.validated.set(job.pipelineSha256, checked.value);
    return checked.value;
  }
}

/** Every file under `folder`, relative to it, with its bytes. */
function takeFiles(folder: string): BatchOutcome["files"] {
  return filesUnder(folder)
    .map((file) => ({ path: relative(folder, file), bytes: readFileSync(file) }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Deletes the files under `folder`, keeping its folders (the next batch's nodes make the same ones). */
function emptyFolder(folder: string): void {
  for (const file of filesUnder(folder)) unlinkSync(file);
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * A node's log line as the run folder will have it: the files this worker's scratch folder got
 * (a Dataset collector names its folder) go into the run folder's, so the line names them relative to it.
 */
function inRunFolder(event: Extract<RunEvent, { type: "node.log" }>, runDir: string): RunEvent {
  return event.message.includes(runDir) ? { ...event, message: event.message.replaceAll(`${runDir}${sep}`, "").replaceAll(runDir, ".") } : event;
}
