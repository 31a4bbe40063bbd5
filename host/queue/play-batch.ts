import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { builtinRegistry } from "../../nodes/index.js";
import type { RunControl } from "../../runtime/engine/control.js";
import type { RunEvent } from "../../runtime/engine/events.js";
import { createModelCache, type ModelCache } from "../../runtime/inference/model-cache.js";
import { runPipeline } from "../../runtime/engine/run-pipeline.js";
import { validatePipeline, type ValidatedPipeline } from "../../runtime/pipeline/validate.js";
import { TraceLines } from "../../runtime/trace/trace-lines.js";
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

/** Room for a batch's trace lines to start with (they grow as needed; the buffer is kept for the next batch). */
const TRACE_CAPACITY = 1024 * 1024;

/**
 * Plays batches of episodes as `runPipeline` plays a run, one at a time, in a scratch folder
 * (where a Dataset collector writes), and packs what it produced: the result, the trace lines
 * (without the batch's own run.start and run.end: the producer writes one of each), the events
 * the producer handles one by one, and the files.
 */
export class BatchPlayer {
  private readonly validated = new Map<string, ValidatedPipeline>();
  /** Models stay loaded from batch to batch: their files are named by content, so one cache serves every run. */
  private readonly models: ModelCache;
  private readonly lines = new TraceLines(TRACE_CAPACITY);
  /**
   * The one folder every batch plays in, emptied of its files after each: creating and deleting a
   * folder per batch cost ~5 ms on ext4 here, a quarter of a 20-episode batch.
   */
  private folder: string | undefined;

  constructor(
    private readonly folders: BatchFolders,
    private readonly worker: string,
  ) {
    this.models = createModelCache({ pipelineDir: folders.models });
  }

  /** Releases the models and deletes the scratch folder. */
  async dispose(): Promise<void> {
    await this.models.dispose();
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
  }

  /** Plays one batch (never two at once: they share the scratch folder). */
  async play(job: BatchJob, control: RunControl): Promise<BatchOutcome> {
    const validated = this.validate(job);
    const runDir = this.scratchFolder();
    const { lines } = this;
    lines.clear();
    try {
      const notices: RunEvent[] = [];
      const result = await runPipeline(validated, {
        runId: job.runId,
        pipelineDir: this.folders.models,
        runDir,
        settings: job.settings,
        modelCache: this.models,
        episodeIndices: Array.from({ length: job.last - job.first + 1 }, (_, i) => job.first + i),
        control,
        onEvent: (event) => {
          if (event.type === "run.start" || event.type === "run.end") return;
          // Serialised here, where the candidate tables are at hand, as the trace writer would; model loads go by themselves: the producer rewrites their paths.
          if (event.type === "model.load") notices.push(event);
          else {
            lines.append(event);
            if (LISTENED_EVENTS.has(event.type)) notices.push(event);
          }
        },
      });
      return { runId: job.runId, batch: job.batch, first: job.first, last: job.last, worker: this.worker, result, notices, trace: lines.take(), files: takeFiles(runDir) };
    } finally {
      emptyFolder(runDir);
    }
  }

  private scratchFolder(): string {
    if (!this.folder) {
      mkdirSync(this.folders.scratch, { recursive: true });
      this.folder = mkdtempSync(join(this.folders.scratch, "batches-"));
    }
    return this.folder;
  }

  private validate(job: BatchJob): ValidatedPipeline {
    const known = this.validated.get(job.pipelineSha256);
    if (known) return known;
    const checked = validatePipeline(job.pipeline, builtinRegistry(), { pipelineDir: this.folders.models });
    if (!checked.ok) {
      const problem = checked.problems[0]!;
      throw new BatchRefused(`the pipeline does not validate on this worker: ${problem.pointer || "/"}: ${problem.message}`);
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
