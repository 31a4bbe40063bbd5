import { mkdirSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { RunEvent } from "../runtime/engine/events.js";
import { runStartEvent, type RunResult } from "../runtime/engine/run-pipeline.js";
import type { EpisodeRunner, EpisodeRunnerOptions } from "../runtime/execute-run.js";
import { shardFolder } from "../runtime/run-folder.js";
import type { EpisodeShard, FromShard } from "./parallel-protocol.js";

/**
 * Plays a run's episodes on `workers` threads, each a contiguous block of episodes in its own
 * folder (`shards/<k>/`, where its dataset files go). Every random draw is derived from
 * (seed, episode, node), so the episodes are exactly those of a serial run; the trace gets one
 * run.start and one run.end around the shards' events. Each episode's lines stay together, but the
 * shards' episodes interleave in the order they finish (trace readers index them by episode).
 * With a trace sink (executeRun's) the shards serialise their own trace lines, and the listener
 * gets only LISTENED_EVENTS: this thread then does little more than write bytes.
 */
export function parallelEpisodes(workers: number): EpisodeRunner {
  return async (validated, options) => {
    const { settings } = options;
    const episodes = options.episodeIndices ?? Array.from({ length: settings.episodes }, (_, i) => i);
    const emit = options.onEvent ?? (() => {});
    const start = performance.now();
    emit(runStartEvent(validated, options, { ...settings, episodes: episodes.length }));
    const count = Math.max(1, Math.min(workers, episodes.length));
    const block = Math.ceil(episodes.length / count);
    const shards: EpisodeShard[] = Array.from({ length: count }, (_, index) => {
      const runDir = shardFolder(options.runDir, index);
      mkdirSync(runDir, { recursive: true });
      const own = episodes.slice(index * block, (index + 1) * block);
      return { index, doc: validated.pipeline, pipelineDir: options.pipelineDir, runDir, runId: options.runId, settings, episodes: own, linesToParent: options.traceSink !== undefined };
    });
    // A shard whose run failed (a node error that ends the run) stops the others too.
    const failed = new AbortController();
    const stop = options.control ? AbortSignal.any([options.control.signal, failed.signal]) : failed.signal;
    const results = await Promise.all(
      shards.map(async (shard) => {
        const result = await runShard(shard, shardSink(options, emit), stop);
        if (result.status === "failed") failed.abort();
        return result;
      }),
    );
    const merged = mergeResults(results, performance.now() - start);
    emit({ type: "run.end", t: merged.wallMs, status: merged.status, episodes: merged.episodes.length, ms: merged.wallMs, ...(merged.failure ? { error: merged.failure } : {}) });
    return merged;
  };
}

/** Where a shard's events go: the run's trace sink when it has one, or the run's listener. */
function shardSink(options: EpisodeRunnerOptions, emit: (event: RunEvent) => void): (message: FromShard & { type: "events" }) => void {
  const sink = options.traceSink;
  if (!sink) return (message) => message.events.forEach(emit);
  return (message) => {
    if (message.lines) sink.appendLines(message.lines);
    for (const event of message.events) sink.notify(event);
  };
}

function runShard(shard: EpisodeShard, deliver: (message: FromShard & { type: "events" }) => void, signal: AbortSignal): Promise<RunResult> {
  const worker = new Worker(new URL("./episode-worker.js", import.meta.url), { workerData: shard });
  const stop = () => worker.postMessage("stop");
  signal.addEventListener("abort", stop, { once: true });
  return new Promise<RunResult>((resolve, reject) => {
    worker.on("message", (message: FromShard) => {
      if (message.type === "done") resolve(message.result);
      else deliver(message);
    });
    worker.on("error", reject);
    worker.on("exit", (code) => reject(new Error(`episode worker ${shard.index} exited (code ${code}) before finishing`)));
  }).finally(() => {
    signal.removeEventListener("abort", stop);
    void worker.terminate();
  });
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
  // Shards stopped because another failed make the run failed, not stopped.
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
