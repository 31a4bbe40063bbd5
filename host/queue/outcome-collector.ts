import type { RunEvent } from "../../runtime/engine/events.js";
import type { RunResult } from "../../runtime/engine/run-pipeline.js";
import type { EpisodeRunnerOptions } from "../../runtime/execute-run.js";
import { parseTraceLine } from "../../runtime/trace/candidate-rows.js";
import type { BatchOutcome } from "./batch-job.js";
import type { PipelineBundle } from "./pipeline-bundle.js";
import { BatchFiles } from "./batch-files.js";

/**
 * Takes finished batches in: their files into the run folder's (BatchFiles, in the background:
 * `written()` says when they all are), their trace lines into the trace as bytes (through executeRun's trace
 * sink: the producer parses no event but the few it hears one by one), their results kept.
 */
export class OutcomeCollector {
  readonly results: RunResult[] = [];
  private readonly modelsAnnounced = new Set<string>();
  private readonly files: BatchFiles;

  constructor(
    runDir: string,
    private readonly bundle: Pick<PipelineBundle, "originalPath">,
    private readonly emit: (event: RunEvent) => void,
    private readonly sink: EpisodeRunnerOptions["traceSink"],
  ) {
    this.files = new BatchFiles(runDir);
  }

  collect(outcome: BatchOutcome): void {
    this.files.take(outcome);
    for (const event of outcome.notices) {
      if (event.type !== "model.load") continue;
      // Each batch loads the models again; the trace says once which model each node loaded, under the file's path.
      const path = this.bundle.originalPath(event.node, event.path);
      const key = `${event.node}\n${path}`;
      if (this.modelsAnnounced.has(key)) continue;
      this.modelsAnnounced.add(key);
      this.emit({ ...event, path });
    }
    if (this.sink) {
      this.sink.appendLines(outcome.trace);
      for (const event of outcome.notices) if (event.type !== "model.load") this.sink.notify(event);
    } else {
      for (const line of Buffer.from(outcome.trace.buffer, outcome.trace.byteOffset, outcome.trace.byteLength).toString("utf8").split("\n")) {
        if (line !== "") this.emit(parseTraceLine(line));
      }
    }
    const { result } = outcome;
    this.results.push({ ...result, models: result.models.map((use) => ({ ...use, path: this.bundle.originalPath(use.node, use.path) })) });
  }

  /** Resolves once every batch taken in is in the run folder's files; rejects with the first write that failed. */
  written(): Promise<void> {
    return this.files.finish();
  }
}
