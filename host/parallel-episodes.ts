import { performance } from "node:perf_hooks";
import type { EpisodeResult, RunEvent } from "../runtime/engine/events.js";
import { failureOf } from "../runtime/engine/node-error.js";
import { episodeCounts } from "../protocol/episode-difference.js";
import { runStartEvent, type RunResult } from "../runtime/engine/run-pipeline.js";
import { runCounterMemory } from "../runtime/engine/run-counters.js";
import { runNoteEvents } from "../runtime/engine/run-notes.js";
import { shardFolder } from "../runtime/run-folder.js";
import { repairDatasets } from "../nodes/dataset/index.js";
import type { EpisodeRunner, EpisodeRunnerOptions } from "../runtime/execute-run.js";
import { episodeChunks, playClaimedChunks } from "./episode-chunks.js";
import { dismissStandbyWorkers, takeEpisodeWorker } from "./episode-worker-standby.js";
import type { FromEpisodeWorker, ToEpisodeWorker, WorkerShare } from "./parallel-protocol.js";

/**
 * Plays a run's episodes on `threads` threads: this one and `threads − 1` workers. The episodes
 * are cut into contiguous chunks (host/episode-chunks.ts) that the threads claim in turn, each
 * played into its own folder (`shards/<k>/`, where its dataset files go), so a worker that is
 * still loading its modules, or a thread that also writes the trace, simply plays fewer. Every
 * random draw is derived from (seed, episode, node), so the episodes are exactly those of a serial
 * run; the trace gets one run.start and one run.end around them. Each episode's lines stay
 * together, but the threads' episodes interleave in the order they finish (trace readers index
 * them by episode). With a trace sink (executeRun's) the workers serialise their own trace lines,
 * and the listener gets only LISTENED_EVENTS: this thread then does little more than write bytes.
 * `kindModules` are the run's node kind modules beside the built-ins, which each worker loads.
 */
export function parallelEpisodes(threads: number, kindModules: readonly string[] = []): EpisodeRunner {
  const play: EpisodeRunner = async (validated, options) => {
    const { settings } = options;
    const episodes = options.episodeIndices ?? Array.from({ length: settings.episodes }, (_, i) => i);
    const emit = options.onEvent ?? (() => {});
    const start = performance.now();
    emit(runStartEvent(validated, options, { ...settings, episodes: episodes.length }));
    const chunks = episodeChunks(episodes, Math.max(1, threads));
    const claims = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    // A chunk whose run failed (a node error that ends the run) stops the others too.
    const failed = new AbortController();
    const stop = options.control ? AbortSignal.any([options.control.signal, failed.signal]) : failed.signal;
    const workerCount = Math.max(0, Math.min(threads, chunks.length) - 1);
    // One set of node counters for every thread and chunk: a node's budget holds for the run (SetupContext.runCounters).
    const counterMemory = runCounterMemory(validated.nodes.length);
    const stopWord = options.control?.blockingWaits.stopWord ?? new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const run = {
      runId: options.runId,
      pipelineDir: options.pipelineDir,
      runDir: options.runDir,
      settings,
      threads: workerCount + 1,
      counterMemory,
      ...(options.pipelineFile !== undefined ? { pipelineFile: options.pipelineFile } : {}),
    };
    const crashedShards: number[] = [];
    const workers = Array.from({ length: workerCount }, (_, i) => {
      const share: WorkerShare = { index: i + 1, doc: validated.pipeline, ...run, chunks, claims, stopWord, linesToParent: options.traceSink !== undefined, kindModules: [...kindModules] };
      return runWorker(share, workerSink(options, emit), stop).then(
        (results) => {
          if (results.some((result) => result.status === "failed")) failed.abort();
          return results;
        },
        // A worker that crashed (its thread exited, or threw outside any node) fails the run and stops the others;
        // the episodes it finished before count, as their lines are in the trace.
        (error: unknown): RunResult[] => {
          failed.abort();
          const crash = error instanceof WorkerCrash ? error : new WorkerCrash(error, []);
          const failure = failureOf(crash.cause);
          emit({ type: "node.error", t: performance.now() - start, ...failure, ends: "run" });
          crashedShards.push(share.index);
          return [{ status: "failed", episodes: crash.finished, models: [], nodeTimes: [], wallMs: 0, failure }];
        },
      );
    });
    // Workers started ahead for more threads than this run plays on would only take CPU.
    dismissStandbyWorkers();
    // This thread plays too, while the workers start; its episodes reach the trace whole (see wholeEpisodes).
    const own = wholeEpisodes(emit);
    const ownResults = await playClaimedChunks({ validated, chunks, claims, stopWord, run, signal: stop, onEvent: own.emit, keepSetup: true }).finally(own.flush);
    if (ownResults.some((result) => result.status === "failed")) failed.abort();
    // The run ends when every worker has: none writes to its folder after its summary.
    const results = [...ownResults, ...(await Promise.all(workers)).flat()];
    // A dead worker could not close its datasets: finish them from their JSON Lines (its finished episodes, as counted).
    for (const index of crashedShards) {
      const shard = shardFolder(options.runDir, index);
      await repairDatasets(shard).catch((error: unknown) => {
        const failure = failureOf(new Error(`the datasets in ${shard} could not be finished (foresight dataset repair finishes them): ${(error as Error).message}`));
        emit({ type: "node.error", t: performance.now() - start, ...failure, ends: "run" });
      });
    }
    for (const note of runNoteEvents(validated, counterMemory, performance.now() - start, results.flatMap((result) => result.episodes))) emit(note);
    const merged = mergeResults(results, performance.now() - start);
    emit({ type: "run.end", t: merged.wallMs, status: merged.status, ...episodeCounts(merged.episodes), ms: merged.wallMs, ...(merged.failure ? { error: merged.failure } : {}) });
    return merged;
  };
  return Object.assign(play, { threads });
}

/**
 * This thread's events, held back until the next episode starts (the node.error written after an
 * episode.end goes with it) and then passed on together: the thread hands the event loop a turn
 * between steps, when the workers' lines are written, and those must not land inside an episode.
 */
function wholeEpisodes(emit: (event: RunEvent) => void): { emit: (event: RunEvent) => void; flush: () => void } {
  let held: RunEvent[] = [];
  const flush = () => {
    const events = held;
    held = [];
    for (const event of events) emit(event);
  };
  return {
    emit(event) {
      if (event.type === "episode.start") flush();
      held.push(event);
    },
    flush,
  };
}

/** Where a worker's events go: the run's trace sink when it has one, or the run's listener. */
function workerSink(options: EpisodeRunnerOptions, emit: (event: RunEvent) => void): (message: FromEpisodeWorker & { type: "events" }) => void {
  const sink = options.traceSink;
  if (!sink) return (message) => message.events.forEach(emit);
  return (message) => {
    if (message.lines) sink.appendLines(message.lines);
    for (const event of message.events) sink.notify(event);
  };
}

/** Why a worker ended without its results, and the episodes it had finished (their episode.end events). */
class WorkerCrash {
  constructor(
    readonly cause: unknown,
    readonly finished: EpisodeResult[],
  ) {}
}

/** Plays a worker's share; rejects with a WorkerCrash when its thread exits or throws before answering. */
function runWorker(share: WorkerShare, deliver: (message: FromEpisodeWorker & { type: "events" }) => void, signal: AbortSignal): Promise<RunResult[]> {
  // One started ahead (the CLI's, before its own modules loaded) or a fresh one: either waits for its share.
  const { worker } = takeEpisodeWorker();
  worker.postMessage({ type: "share", share } satisfies ToEpisodeWorker);
  const stop = () => worker.postMessage("stop" satisfies ToEpisodeWorker);
  signal.addEventListener("abort", stop, { once: true });
  const finished: EpisodeResult[] = [];
  return new Promise<RunResult[]>((resolve, reject) => {
    const crashed = (error: unknown) => reject(new WorkerCrash(error, finished));
    worker.on("message", (message: FromEpisodeWorker) => {
      if (message.type === "done") return resolve(message.results);
      for (const event of message.events) if (event.type === "episode.end") finished.push(episodeResultOf(event));
      deliver(message);
    });
    worker.on("error", crashed);
    worker.on("exit", (code) => crashed(new Error(`episode worker ${share.index} exited (code ${code}) before finishing`)));
  }).finally(async () => {
    signal.removeEventListener("abort", stop);
    // The run ends once its threads are gone: nothing of it outlives it (a host measuring or exiting next finds none).
    await worker.terminate();
  });
}

function episodeResultOf(event: RunEvent & { type: "episode.end" }): EpisodeResult {
  const { type: _type, t: _t, ...result } = event;
  return result;
}

/** One result: episodes in episode order, node times and models summed, the worst status. */
export function mergeResults(results: readonly RunResult[], wallMs: number): RunResult {
  const nodeTimes = new Map<string, RunResult["nodeTimes"][number]>();
  for (const timing of results.flatMap((r) => r.nodeTimes)) {
    const entry = nodeTimes.get(timing.node);
    if (entry) {
      entry.calls += timing.calls;
      entry.totalMs += timing.totalMs;
    } else nodeTimes.set(timing.node, { ...timing });
  }
  const failure = results.find((r) => r.failure)?.failure;
  // Chunks stopped because another failed make the run failed, not stopped.
  const status = results.some((r) => r.status === "failed") ? "failed" : results.some((r) => r.status === "stopped") ? "stopped" : "completed";
  return {
    status,
    episodes: results.flatMap((r) => r.episodes).sort((a, b) => a.episode - b.episode),
    models: results[0]?.models ?? [],
    nodeTimes: [...nodeTimes.values()],
    wallMs,
    ...(failure ? { failure } : {}),
  };
}
