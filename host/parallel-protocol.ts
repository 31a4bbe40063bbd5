import type { RunEvent } from "../runtime/engine/events.js";
import type { RunResult } from "../runtime/engine/run-pipeline.js";
import type { RunSettings } from "../runtime/run-settings.js";

/** What one worker of a parallel run plays. */
export interface EpisodeShard {
  index: number;
  doc: unknown;
  pipelineDir: string;
  /** The shard's own folder inside the run folder, so file-writing nodes never share a file. */
  runDir: string;
  runId: string;
  settings: RunSettings;
  /** The episodes this shard plays. */
  episodes: number[];
  /**
   * Serialise the trace here and send its lines as bytes, with only the events a listener needs
   * (LISTENED_EVENTS); otherwise every event travels as an object.
   */
  linesToParent: boolean;
}

/** The events a parallel run's listener gets (a progress bar, the first node error); the trace has them all. */
export const LISTENED_EVENTS: ReadonlySet<RunEvent["type"]> = new Set(["episode.start", "episode.end", "node.error", "node.log", "model.load"]);

/** Messages from a shard's worker: whole episodes' events, as trace lines (`lines`, UTF-8 JSONL) or as objects. */
export type FromShard = { type: "events"; events: RunEvent[]; lines?: Uint8Array } | { type: "done"; result: RunResult };
