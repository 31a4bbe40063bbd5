import { availableParallelism } from "node:os";
import { basename, relative, resolve } from "node:path";
import { RunControl } from "./engine/control.js";
import type { RunEvent } from "./engine/events.js";
import { failureOf } from "./engine/node-error.js";
import type { ForkReplay } from "./engine/replay.js";
import { runPipeline, type PipelineRunOptions, type RunResult } from "./engine/run-pipeline.js";
import { writeFileAtomic } from "./atomic-file.js";
import { formatPipeline } from "./pipeline/format.js";
import { pipelineDirOf } from "./pipeline/schema.js";
import type { ValidatedPipeline } from "./pipeline/validate.js";
import { createRunFolder, runFile, writeRunNotes } from "./run-folder.js";
import { claimRun } from "./run-owner.js";
import { resolveRunSettings, type RunOverrides, type RunSettings } from "./run-settings.js";
import { summariseRun, type RunSummary } from "./summary.js";
import { TraceWriter } from "./trace/trace-writer.js";

/** A validated pipeline, where it came from, and how to run it. */
export interface ExecuteRunOptions {
  validated: ValidatedPipeline;
  /** The pipeline file; relative paths inside it resolve against its folder. */
  pipelineFile: string;
  /** Folder that receives the run folder (default ./runs). */
  outDir?: string;
  /** What this run changes of the file's run settings. */
  overrides?: RunOverrides;
  /** The `--set` overrides already applied to `validated`, as given, for the summary: runs of one file can then be told apart. */
  set?: readonly string[];
  /** A name for the run (notes.json), written as it starts. */
  title?: string;
  control?: RunControl;
  onEvent?: (event: RunEvent) => void;
  /** Plays the episodes: in this thread by default, or spread over worker threads (host/parallel-episodes.ts). */
  runner?: EpisodeRunner;
  /** Fork an earlier run's episode (runtime/trace/fork-replay.ts): one episode, that run's seed. */
  fork?: ForkReplay;
}

/**
 * Something that plays a validated pipeline's episodes and reports them, as `runPipeline` does;
 * `threads`: how many threads it plays them on (host/parallel-episodes.ts), 1 when absent.
 */
export type EpisodeRunner = ((validated: ValidatedPipeline, options: EpisodeRunnerOptions) => Promise<RunResult>) & { readonly threads?: number };

/** How executeRun hands a run to its runner. */
export interface EpisodeRunnerOptions extends PipelineRunOptions {
  /**
   * For a runner that plays episodes on other threads: their trace lines, serialised where they
   * were played, go to the trace as bytes (serialising every event on this thread would make it the
   * bottleneck), and the events a listener needs go to `notify` alone. `onEvent` still takes events
   * this thread makes itself (run.start, run.end): to the trace and the listener.
   */
  traceSink?: { appendLines: (jsonl: Uint8Array) => void; notify: (event: RunEvent) => void };
}

export interface ExecutedRun {
  runDir: string;
  summary: RunSummary;
  result: RunResult;
}

/**
 * Runs a pipeline into a fresh run folder: a copy of the pipeline as run (its settings resolved
 * here, once, for everything that plays the episodes), trace.jsonl as the run goes, summary.json at the end.
 */
export async function executeRun(options: ExecuteRunOptions): Promise<ExecutedRun> {
  const { validated, fork } = options;
  const settings = resolveRunSettings(validated.pipeline.run, options.overrides, fork);
  const safeName = validated.pipeline.name.replace(/[^A-Za-z0-9_-]+/g, "-") + (fork ? "-fork" : "");
  const runDir = createRunFolder(resolve(options.outDir ?? "runs"), safeName);
  const runId = basename(runDir);

  const pipelineDir = pipelineDirOf(options.pipelineFile, validated.pipeline);
  // The copy lives in the run folder: point its relative paths back at the original's folder.
  const asRun = { ...validated.pipeline, baseDir: relative(runDir, pipelineDir) || ".", run: settings };
  writeFileAtomic(runFile(runDir, "pipeline"), formatPipeline(asRun));
  // Training reads the environment's spaces from here: a remote server may be down by then.
  if (validated.declaredEnvironment !== undefined) writeFileAtomic(runFile(runDir, "environment"), JSON.stringify(validated.declaredEnvironment, null, 2) + "\n");
  if (options.title) writeRunNotes(runDir, { title: options.title, notes: "" });
  const release = claimRun(runDir);
  try {
    return await playInto(runDir, runId, options, settings, pipelineDir);
  } finally {
    release();
  }
}

/** Plays the run into its folder, made and claimed: trace.jsonl as it goes, summary.json at the end. */
async function playInto(runDir: string, runId: string, options: ExecuteRunOptions, settings: RunSettings, pipelineDir: string): Promise<ExecutedRun> {
  const { validated, fork } = options;
  const control = options.control ?? new RunControl();
  // Where the threads playing the episodes take every core, the trace's JSON is made on the run's
  // thread: a writer thread would find no core left and costs more CPU in all (packing, its own
  // JIT), as the Dataset collector encodes Parquet inline then (SetupContext.threads). A trace that
  // cannot be written (a full disk) stops the run: its episodes would go unrecorded.
  const trace = new TraceWriter(runFile(runDir, "trace"), availableParallelism() <= (options.runner?.threads ?? 1) ? "in-thread" : "auto", () => control.stop());
  const userListener = options.onEvent;
  // A paused run's trace holds every event emitted so far: what the editor counts is on disk before the host says "paused".
  const stopFlushing = control.onPaused(() => trace.flush(), true);
  let result: RunResult;
  try {
    result = await (options.runner ?? runPipeline)(validated, {
      runId,
      pipelineDir,
      pipelineFile: resolve(options.pipelineFile),
      runDir,
      settings,
      control,
      ...(fork ? { fork } : {}),
      ...(options.set?.length ? { set: options.set } : {}),
      onEvent: userListener
        ? (event) => {
            trace.write(event);
            userListener(event);
          }
        : trace.write,
      traceSink: { appendLines: trace.writeLines, notify: userListener ?? (() => {}) },
    });
  } finally {
    stopFlushing();
    trace.close();
  }
  // A trace that lacks events from where a write failed (a full disk) fails the run, whatever its episodes did.
  if (trace.failure && result.status !== "failed") result = { ...result, status: "failed", failure: failureOf(trace.failure) };
  const summary = summariseRun(result, { pipeline: validated.pipeline.name, runId, seed: settings.seed, traceLevel: settings.trace, episodesRequested: settings.episodes });
  if (fork) summary.fork = fork.origin;
  if (options.set?.length) summary.set = [...options.set];
  try {
    writeFileAtomic(runFile(runDir, "summary"), JSON.stringify(summary, null, 2) + "\n");
  } catch (error) {
    // The disk that took the trace's end took the summary's room too: say what failed first.
    if (trace.failure) (error as Error).message = `${trace.failure.message}, nor its summary (${(error as Error).message})`;
    throw error;
  }
  return { runDir, summary, result };
}
