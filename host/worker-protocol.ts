import type { RunEvent } from "../runtime/engine/events.js";
import type { ForkReplay } from "../runtime/engine/replay.js";
import type { RunOverrides } from "../runtime/run-settings.js";
import type { RunSummary } from "../runtime/summary.js";

/** What to run: the pipeline as the editor holds it (unsaved changes included) and where it lives. */
export interface WorkerRunRequest {
  /** The pipeline document (parsed JSON). */
  doc: unknown;
  /** Where the pipeline file is (or would be): relative model paths resolve against its folder. */
  pipelineFile: string;
  outDir?: string;
  overrides?: RunOverrides;
  /** The `--set` overrides already applied to `doc`, as given, for the run's summary (executeRun's `set`). */
  set?: string[];
  /** Fork an earlier run's episode (read from its trace by the host, which reports what cannot be restored before starting). */
  fork?: ForkReplay;
  /** Node kind modules beside the built-ins (HostKinds.modules): the worker loads them before validating. */
  kindModules?: string[];
}

/**
 * Messages from the host to the worker. The request travels serialised (node:v8), done before the
 * worker exists: a request that cannot be (a pipeline nested too deep) then fails without a thread.
 */
export type ToWorker =
  /** `stopWord`: the run's stop, which the host sets itself too (a thread blocked on an environment process reads no message: RunControl's BlockingWaits). */
  | { type: "start"; request: Uint8Array; stopWord: Int32Array<SharedArrayBuffer> }
  | { type: "control"; action: "pause" | "resume" | "step" | "stop" }
  /** The host has handled a batch of events (live-event-buffer.ts: its pace is the back-pressure). */
  | { type: "taken" }
  /** End the thread at its next turn, the run left as it is (leave-thread.ts). */
  | { type: "leave" };

/** Messages from the worker to the host; events come in batches so a busy UI is not flooded. */
export type FromWorker =
  /** `dropped`: per-step events left out because the host was behind (0 when it keeps up). */
  | { type: "events"; events: RunEvent[]; dropped: number }
  /** The engine settled into a pause; every event before it was sent first. */
  | { type: "paused" }
  | { type: "invalid"; problems: string[] }
  | { type: "done"; runDir: string; summary: RunSummary }
  | { type: "crashed"; message: string };
