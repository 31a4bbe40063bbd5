import type { CandidateRow } from "../candidate-table.js";
import type { Action, JsonValue } from "../environment.js";
import type { Decision } from "../ports.js";

/** Version of the trace event schema (docs/trace-events.md); bump it when an event changes shape. */
export const TRACE_VERSION = 1;

/** How much a run records: every node's inputs and outputs, one record per step, or episodes only. */
export type TraceLevel = "full" | "steps" | "off";

/** How an episode ended. */
export type EpisodeStatus = "completed" | "error" | "stopped";

/** How a run ended. */
export type RunStatus = "completed" | "failed" | "stopped";

/** Where a node error happened and why. */
export interface NodeFailure {
  node: string;
  kind: string;
  episode: number;
  step: number;
  message: string;
}

/** One finished (or stopped / failed) episode. */
export interface EpisodeResult {
  episode: number;
  status: EpisodeStatus;
  /** Steps of the decision graph. */
  steps: number;
  /** Environment steps (more than `steps` with action chunks). */
  envSteps: number;
  return: number;
  success: boolean;
  terminated: boolean;
  truncated: boolean;
  ms: number;
}

/** A model a node loaded, and the execution provider it actually runs on. */
export interface ModelUse {
  node: string;
  /** The model file as the pipeline names it (relative to the pipeline file). */
  path: string;
  requested: string;
  provider: string;
  /** Why the provider is not the one requested (e.g. CUDA missing, fell back to CPU). */
  note?: string;
}

/** Milliseconds since the run started; a timing field, like `ms`. */
type Timed = { t: number };

/** Every event the engine emits, in order; trace.jsonl holds one per line. */
export type RunEvent =
  | (Timed & {
      type: "run.start";
      traceVersion: number;
      runId: string;
      pipeline: string;
      seed: number;
      episodes: number;
      maxSteps: number;
      traceLevel: TraceLevel;
      startedAt: string;
    })
  | (Timed & { type: "episode.start"; episode: number })
  | (Timed & { type: "step.start"; episode: number; step: number })
  | (Timed & { type: "node.start"; episode: number; step: number; node: string; kind: string })
  | (Timed & {
      type: "node.end";
      episode: number;
      step: number;
      node: string;
      kind: string;
      ms: number;
      inputs: Record<string, JsonValue>;
      outputs: Record<string, JsonValue>;
    })
  | (Timed & NodeFailure & { type: "node.error"; ends: "episode" | "run" })
  | (Timed & { type: "node.log"; node: string; message: string })
  | (Timed & ModelUse & { type: "model.load"; ms: number })
  | (Timed & {
      type: "step.end";
      episode: number;
      step: number;
      action: Action | null;
      reward: number;
      done: boolean;
      ms: number;
      decision?: Decision;
      candidates?: CandidateRow[];
    })
  | (Timed & EpisodeResult & { type: "episode.end" })
  | (Timed & { type: "run.end"; status: RunStatus; episodes: number; ms: number; error?: NodeFailure });

/** Fields that vary between otherwise identical runs. */
export const TIMING_FIELDS = ["t", "ms", "startedAt", "runId"] as const;
