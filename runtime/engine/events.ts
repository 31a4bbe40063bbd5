/** Version of the trace event schema (docs/trace-events.md); bump it when an event changes shape. */
export const TRACE_VERSION = 4;

// The event shapes are shared with the editor, so they live in protocol/ (docs/trace-events.md).
export type { EpisodeResult, EpisodeStatus, ModelUse, NodeFailure, RunEvent, RunStatus, TraceLevel } from "../../protocol/run-events.js";

/** Fields that vary between otherwise identical runs. */
export const TIMING_FIELDS = ["t", "ms", "startedAt", "runId"] as const;
