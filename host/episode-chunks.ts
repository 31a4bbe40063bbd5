import { mkdirSync } from "node:fs";
import { RunControl } from "../runtime/engine/control.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline, type PipelineRunOptions, type RunResult } from "../runtime/engine/run-pipeline.js";
import { createModelCache } from "../runtime/inference/model-cache.js";
import type { ValidatedPipeline } from "../runtime/pipeline/validate.js";
import { shardFolder } from "../runtime/run-folder.js";

/** Chunks are never cut smaller than this: each is a run of its own (nodes set up, dataset files written). */
const MIN_CHUNK = 8;
/** …nor larger than this, so a thread that starts late (a worker loading its modules) finds work left. */
const MAX_CHUNK = 500;

/**
 * A parallel run's episodes cut into contiguous chunks, large first and shrinking towards the end
 * (guided self-scheduling: each a share of what is left), so threads that claim them in turn
 * finish close together even when one started later or runs slower. Chunk k is played into
 * shards/<k>/: the shards hold the episodes in order, within and across.
 */
export function episodeChunks(episodes: readonly number[], threads: number): number[][] {
  const chunks: number[][] = [];
  for (let from = 0; from < episodes.length; ) {
    const left = episodes.length - from;
    const size = Math.min(left, Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.ceil(left / (2 * threads)))));
    chunks.push(episodes.slice(from, from + size));
    from += size;
  }
  return chunks;
}

/** What a thread needs to play the chunks it claims. */
export interface ChunkPlay {
  validated: ValidatedPipeline;
  chunks: readonly (readonly number[])[];
  /** Slot 0: the next chunk to claim, shared by every thread of the run (Atomics). */
  claims: Int32Array;
  /** The run's stop, shared by its threads (WorkerShare.stopWord). */
  stopWord?: Int32Array;
  run: Pick<PipelineRunOptions, "runId" | "pipelineDir" | "runDir" | "settings" | "pipelineFile" | "threads" | "counterMemory">;
  /** Stops this thread's chunks (the run was stopped, or another chunk failed the run). */
  signal: AbortSignal;
  /**
   * Events of the chunks' episodes and their errors. Every chunk is a run of its own: its
   * run.start and run.end are dropped (the parallel run writes one of each), and so are its set-up
   * events (model loads, setup notes) but those of this thread's first chunk when `keepSetup`: a
   * serial run has one of each.
   */
  onEvent: (event: RunEvent) => void;
  keepSetup: boolean;
}

/**
 * Claims chunks until none is left or the run stops, playing each into its shard folder with one
 * model cache for all (a session is created and warmed up once per thread). A chunk that fails
 * the run ends the claiming; the caller stops the other threads.
 */
export async function playClaimedChunks(play: ChunkPlay): Promise<RunResult[]> {
  const { chunks, claims, signal } = play;
  const modelCache = createModelCache({ pipelineDir: play.run.pipelineDir });
  // A control per chunk: each run's evaluators listen to its signal until the run is over.
  let control = new RunControl(play.stopWord);
  const stop = () => control.stop();
  signal.addEventListener("abort", stop, { once: true });
  const results: RunResult[] = [];
  try {
    for (let chunk = Atomics.add(claims, 0, 1); chunk < chunks.length && !signal.aborted; chunk = Atomics.add(claims, 0, 1)) {
      const firstChunk = results.length === 0;
      control = new RunControl(play.stopWord);
      let playing = false;
      const runDir = shardFolder(play.run.runDir, chunk);
      mkdirSync(runDir, { recursive: true });
      const result = await runPipeline(play.validated, {
        ...play.run,
        runDir,
        episodeIndices: chunks[chunk]!,
        control,
        modelCache,
        onEvent: (event) => {
          if (event.type === "run.start" || event.type === "run.end") return;
          if (event.type === "episode.start") playing = true;
          if (playing || (firstChunk && play.keepSetup) || event.type === "node.error") play.onEvent(event);
        },
      });
      results.push(result);
      if (result.status === "failed") break;
    }
  } finally {
    signal.removeEventListener("abort", stop);
    await modelCache.dispose();
  }
  return results;
}
