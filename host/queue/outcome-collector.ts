import type { RunEvent } from "../../runtime/engine/events.js";
import type { RunResult } from "../../runtime/engine/run-pipeline.js";
import type { EpisodeRunnerOptions } from "../../runtime/execute-run.js";
import { parseTraceLine } from "../../runtime/trace/candidate-rows.js";
import type { BatchOutcome } from "./batch-job.js";
import type { PipelineBundle } from "./pipeline-bundle.js";
import { writeBatchShard } from "./shard-files.js";

/**
 * Takes finished batches in: their files into the run folder (in the background: `written()`
 * says when they all are), their trace lines into the trace as bytes (through executeRun's trace
 * sink: the producer parses no event but the few it hears one by one), their results kept.
 */
export class OutcomeCollector {
  readonly results: RunResult[] = [];
  private readonly modelsAnnounced = new Set<string>();
  private readonly shardWrites: Promise<void>[] = [];

  constructor(
    private readonly runDir: string,
    private readonly bundle: Pick<PipelineBundle, "originalPath">,
    private readonly emit: (event: RunEvent) => void,
    private readonly sink: EpisodeRunnerOptions["traceSink"],
  ) {}

  collect(outcome: BatchOutcome): void {
    const write = writeBatchShard(this.runDir, outcome);
    // Reported by written(); until then a failed write must not count as unhandled.
    write.catch(() => {});
    this.shardWrites.push(write);
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

  /** Resolves once every batch taken in has its shard on disk; rejects with the first write that failed. */
  async written(): Promise<void> {
    await Promise.all(this.shardWrites);
  }
}
