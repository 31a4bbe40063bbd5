import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { builtinRegistry } from "../../nodes/index.js";
import type { RunControl } from "../../runtime/engine/control.js";
import type { RunEvent } from "../../runtime/engine/events.js";
import { createModelCache, type ModelCache } from "../../runtime/inference/model-cache.js";
import { runPipeline } from "../../runtime/engine/run-pipeline.js";
import { validatePipeline, type ValidatedPipeline } from "../../runtime/pipeline/validate.js";
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

/**
 * Plays batches of episodes as `runPipeline` plays a run, each in a scratch folder of its own
 * (where a Dataset collector writes), and packs what it produced: the result, the trace events
 * (without the batch's own run.start and run.end: the producer writes one of each) and the files.
 */
export class BatchPlayer {
  private readonly validated = new Map<string, ValidatedPipeline>();
  /** Models stay loaded from batch to batch: their files are named by content, so one cache serves every run. */
  private readonly models: ModelCache;

  constructor(
    private readonly folders: BatchFolders,
    private readonly worker: string,
  ) {
    this.models = createModelCache({ pipelineDir: folders.models });
  }

  /** Releases the models. */
  async dispose(): Promise<void> {
    await this.models.dispose();
  }

  async play(job: BatchJob, control: RunControl): Promise<BatchOutcome> {
    const validated = this.validate(job);
    mkdirSync(this.folders.scratch, { recursive: true });
    const runDir = mkdtempSync(join(this.folders.scratch, `${job.runId}.${job.first}-`));
    try {
      const events: RunEvent[] = [];
      const result = await runPipeline(validated, {
        runId: job.runId,
        pipelineDir: this.folders.models,
        runDir,
        settings: job.settings,
        modelCache: this.models,
        episodeIndices: Array.from({ length: job.last - job.first + 1 }, (_, i) => job.first + i),
        control,
        onEvent: (event) => {
          if (event.type !== "run.start" && event.type !== "run.end") events.push(event);
        },
      });
      return { runId: job.runId, batch: job.batch, first: job.first, last: job.last, worker: this.worker, result, events, files: filesIn(runDir) };
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
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
function filesIn(folder: string): BatchOutcome["files"] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = join(entry.parentPath, entry.name);
      return { path: relative(folder, file), base64: readFileSync(file).toString("base64") };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}
