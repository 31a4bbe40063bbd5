import type { BatchJob } from "./batch-job.js";
import type { BatchFolders, PackedOutcome } from "./play-batch.js";

/** What a worker's episode thread is started with. */
export interface EpisodeThreadData {
  folders: BatchFolders;
  /** The worker's name, stored in each outcome. */
  worker: string;
  /** Node kind modules beside the built-ins (HostKinds.modules): a batch's pipeline may use their kinds. */
  kindModules: string[];
}

/**
 * From the worker's main thread: a batch to play (after those handed before it), a batch to stop, the
 * end once the batches held are finished (`close`), or the end at once, the batches abandoned (`leave`).
 */
export type ToEpisodeThread = { type: "play"; id: number; job: BatchJob } | { type: "stop"; id: number } | { type: "close" } | { type: "leave" };

/** From the episode thread, about batch `id`. */
export type FromEpisodeThread =
  | { type: "started"; id: number }
  /** Stopped before it started. */
  | { type: "skipped"; id: number }
  /** Played (whole, or stopped part way): its outcome, the trace's packed arrays transferred. */
  | { type: "played"; id: number; outcome: PackedOutcome }
  /** `refused`: the pipeline does not validate here (retrying cannot help). */
  | { type: "failed"; id: number; message: string; refused: boolean };
