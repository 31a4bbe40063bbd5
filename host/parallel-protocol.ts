import type { RunEvent } from "../runtime/engine/events.js";
import type { RunResult } from "../runtime/engine/run-pipeline.js";
import type { RunSettings } from "../runtime/run-settings.js";

/** What a worker of a parallel run needs: the pipeline, and the run's chunks of episodes to claim from. */
export interface WorkerShare {
  /** The worker's number (1, 2, …; the run's own thread is 0). */
  index: number;
  doc: unknown;
  pipelineDir: string;
  /** The run folder; chunk k is played into its shards/<k>/, so file-writing nodes never share a file. */
  runDir: string;
  runId: string;
  pipelineFile?: string;
  settings: RunSettings;
  /** How many threads play the run (this worker among them): PipelineRunOptions.threads. */
  threads: number;
  /** The nodes' run-wide counters (runCounterMemory), shared with every thread of the run. */
  counterMemory: SharedArrayBuffer;
  /** The run's episodes in contiguous chunks (host/episode-chunks.ts). */
  chunks: number[][];
  /** Slot 0: the next chunk to claim, shared by every thread of the run (a SharedArrayBuffer). */
  claims: Int32Array;
  /**
   * Serialise the trace here and send its lines as bytes, with only the events a listener needs
   * (LISTENED_EVENTS); otherwise every event travels as an object.
   */
  linesToParent: boolean;
  /** The run's stop (BlockingWaits.stopWord), seen by every thread at once: a thread blocked on an environment process or starting late starts no process after it. */
  stopWord: Int32Array;
  /** Node kind modules beside the built-ins (HostKinds.modules): the worker loads them before validating. */
  kindModules?: string[];
}

/** The events a parallel run's listener gets (a progress bar, the first node error); the trace has them all. */
export const LISTENED_EVENTS: ReadonlySet<RunEvent["type"]> = new Set(["episode.start", "episode.end", "node.error", "node.log", "model.load"]);

/** Messages from a worker: whole episodes' events, as trace lines (`lines`, UTF-8 JSONL) or as objects; then the results of the chunks it played. */
export type FromEpisodeWorker = { type: "events"; events: RunEvent[]; lines?: Uint8Array } | { type: "done"; results: RunResult[] };

/** Messages to a worker: its share, first (a worker may be started before its run is known), then perhaps "stop". */
export type ToEpisodeWorker = { type: "share"; share: WorkerShare } | "stop";
