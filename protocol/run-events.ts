/**
 * What a run streams to the editor: the engine's trace events (docs/trace-events.md) and how
 * the run ended. Declared here, at the bottom of the layers, because the renderer may import
 * nothing else; the runtime emits these very types.
 */

import type { Scene } from "./scenes.js";
import type { TracedValue } from "./traced-values.js";
import type { Action, CandidateRow, JsonValue } from "./values.js";

/** Where a forked run branched off: an earlier run's folder, episode and step. */
export interface ForkOrigin {
  /** Relative to the root (`foresight serve`), or to the working directory of `foresight run --fork`. */
  runDir: string;
  episode: number;
  /** The first step the fork decided itself; steps before it replayed the original's actions. */
  step: number;
}

/** How much a run records: every node's inputs and outputs, one record per step, or episodes only. */
export type TraceLevel = "full" | "steps" | "off";

export type EpisodeStatus = "completed" | "error" | "stopped";

export type RunStatus = "completed" | "failed" | "stopped";

/** Where a node error happened and why. */
export interface NodeFailure {
  node: string;
  kind: string;
  episode: number;
  step: number;
  message: string;
  /** Where in a kind's own module (one loaded with --kinds) it was thrown: "file:line:column"; absent for built-in kinds. */
  at?: string;
  /** What the node left to inspect of its failed step (an LLM node's failed exchange), traced as outputs are; trace `full` only. */
  outputs?: Record<string, TracedValue>;
}

/** The executor's choice; `index` is -1 when every candidate was filtered. */
export interface Decision {
  index: number;
  action: Action | null;
  rule: string;
}

/** One finished (or stopped / failed) episode. */
export interface EpisodeResult {
  episode: number;
  status: EpisodeStatus;
  steps: number;
  envSteps: number;
  return: number | null;
  /**
   * Whether it succeeded: true or false where its world says (a goal reached or not), null where the
   * world says nothing of success (Pendulum; a Gymnasium environment without `is_success`).
   */
  success: boolean | null;
  terminated: boolean;
  truncated: boolean;
  ms: number;
  /** Why its last step did not act, where it ended so (the executor had no candidate left): e.g. "every candidate was filtered". */
  endedBy?: string;
}

/** A model a node loaded, and the execution provider it actually runs on. */
export interface ModelUse {
  node: string;
  path: string;
  requested: string;
  provider: string;
  note?: string;
}

/** A note a node left for the user (node.log): where a Dataset collector wrote, an LLM policy that changed how it asks. */
export interface NodeNote {
  node: string;
  message: string;
}

type Timed = { t: number };

/** Every event the engine emits, in order (trace.jsonl holds one per line). `t`: ms since the run started. */
export type RunEvent =
  | (Timed & {
      type: "run.start";
      traceVersion: number;
      /** The run folder's name (not the protocol's run id). */
      runId: string;
      pipeline: string;
      /** The pipeline file the run was started from (absolute path); absent in traces written before it was recorded. */
      pipelineFile?: string;
      seed: number;
      episodes: number;
      maxSteps: number;
      traceLevel: TraceLevel;
      startedAt: string;
      /** Set when this run continues an episode of an earlier run from one of its steps. */
      fork?: ForkOrigin;
      /** The `--set` overrides the run was started with, as given (summary.json repeats them); absent when none. */
      set?: string[];
    })
  | (Timed & {
      type: "episode.start";
      episode: number;
      /** What the environment view draws (absent in version-1 traces). */
      scene?: Scene;
      /** The discrete action space's names for its actions, in action order (absent for other spaces and in earlier traces). */
      actionLabels?: readonly string[];
    })
  | (Timed & { type: "step.start"; episode: number; step: number })
  | (Timed & { type: "node.start"; episode: number; step: number; node: string; kind: string })
  | (Timed & {
      type: "node.end";
      episode: number;
      step: number;
      node: string;
      kind: string;
      ms: number;
      /** Where each input came from (`{ $from }`), or its value (docs/trace-events.md). */
      inputs: Record<string, TracedValue>;
      outputs: Record<string, TracedValue>;
    })
  | (Timed & NodeFailure & { type: "node.error"; ends: "episode" | "run" })
  | (Timed & NodeNote & { type: "node.log" })
  | (Timed & ModelUse & { type: "model.load"; ms: number })
  | (Timed & {
      type: "step.end";
      episode: number;
      step: number;
      action: Action | null;
      reward: number;
      done: boolean;
      ms: number;
      /** The observation the step decided on, before acting (absent in version-1 traces). */
      observation?: JsonValue;
      /** Environment steps the action took (more than 1 for action chunks; absent in version-1 traces). */
      envSteps?: number;
      /** The environment's picture of the state the step decided on, at trace level "full" where it renders one. */
      frame?: StepFrame;
      /** A fork's step before its fork step: the earlier run's action, replayed (no decision, no candidates). */
      replayed?: true;
      decision?: Decision;
      candidates?: CandidateRow[];
    })
  | (Timed & EpisodeResult & { type: "episode.end" })
  | (Timed & { type: "run.end"; status: RunStatus; episodes: number; episodesFailed: number; ms: number; error?: NodeFailure });

/**
 * A rendered frame in a step.end: a PNG (base64), or why there is none this step (over the size
 * limit, or rendering failed; runtime/engine/step-frame.ts).
 */
export type StepFrame = { png: string } | { omitted: string };

/** A point estimate with a 95% interval; null over JSON when no episode finished (NaN in the runtime). */
export interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
}

/** summary.json: what a run achieved and what it cost. */
export interface RunSummary {
  pipeline: string;
  /** The run folder's name. */
  runId: string;
  status: RunStatus;
  seed: number;
  traceLevel: TraceLevel;
  /** Episodes that completed normally; the figures below are over these. */
  episodes: number;
  episodesRequested: number;
  episodesFailed: number;
  successRate: Estimate;
  meanReturn: Estimate;
  meanLength: Estimate;
  steps: number;
  stepsPerSecond: number;
  wallSeconds: number;
  models: ModelUse[];
  nodeTime: Record<string, { calls: number; totalMs: number; meanMs: number }>;
  error?: NodeFailure;
  /** Of the episodes that completed, those that ended at a step where there was nothing to act on, and why the first did. */
  endedWithoutActing?: { episodes: number; first: { episode: number; step: number; why: string } };
  /** Set when the run is a fork: where it branched off. */
  fork?: ForkOrigin;
  /** The `--set` overrides the run was started with, as given (`sampler.n=4`); absent when none. */
  set?: string[];
}

/** Overrides for one run; left out, the pipeline's own `run` settings apply. */
export interface RunOptions {
  episodes?: number;
  seed?: number;
  traceLevel?: TraceLevel;
  /**
   * The content hash (trustInfo's: sha256 of the pipeline's stable text) of the pipeline whose Script
   * nodes the user read and lets run; the editor asks, and remembers the answer per hash. The host
   * runs a pipeline with Script nodes only when this is the hash it computes for the pipeline sent.
   */
  trustedHash?: string;
}

/** What the editor can tell a running run: `step` runs exactly one more step, then stays paused. */
export type RunControlAction = "pause" | "resume" | "step" | "stop";
