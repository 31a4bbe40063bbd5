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
}

/** Messages from a shard's worker. */
export type FromShard = { type: "events"; events: RunEvent[] } | { type: "done"; result: RunResult };
