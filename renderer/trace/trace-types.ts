import type { EpisodeResult, KeptNotes, ModelUse, NodeFailure, RunEvent, Scene, TracedValue } from "../../protocol/index.js";

export type RunStartEvent = Extract<RunEvent, { type: "run.start" }>;
export type RunEndEvent = Extract<RunEvent, { type: "run.end" }>;
export type StepEndEvent = Extract<RunEvent, { type: "step.end" }>;

/** One node's call within a step (node.start, then node.end or node.error). */
export interface NodeRun {
  node: string;
  kind: string;
  /** When it started, ms since the run started. */
  t: number;
  ms?: number;
  inputs?: Record<string, TracedValue>;
  outputs?: Record<string, TracedValue>;
  error?: string;
}

/** Everything the trace says about one step. */
export interface StepDetail {
  episode: number;
  step: number;
  /** step.start's time (or the first node's). */
  t?: number;
  nodes: NodeRun[];
  end?: StepEndEvent;
}

/** A canvas node's badge: what it is doing in the live run. */
export interface NodeBadge {
  state: "running" | "done" | "error";
  /** The last call's duration. */
  ms?: number;
  lastError?: NodeFailure;
}

export interface StepRef {
  episode: number;
  step: number;
}

/** What one trace view holds of a run: all episode results, and detail for a bounded window of recent steps. */
export interface TraceData {
  /** The protocol's run id of a live run (null for a run opened from disk). */
  runId: string | null;
  /** The run folder as the host names it (serve: relative to the root; desktop: absolute), once known. */
  runDir: string | null;
  live: boolean;
  start: RunStartEvent | null;
  end: RunEndEvent | null;
  episodes: EpisodeResult[];
  /** Scenes of recent episodes. */
  scenes: Map<number, Scene>;
  /** The run's discrete action names (episode.start's `actionLabels`), once an episode has begun. */
  actionLabels: readonly string[] | undefined;
  /** Recent steps' detail, oldest first, keyed by stepKey. */
  steps: Map<string, StepDetail>;
  /** The newest step seen (the one the live view follows). */
  current: StepRef | null;
  models: ModelUse[];
  /** What the run's nodes noted (node.log), the first NODE_NOTES_KEPT. */
  notes: KeptNotes;
  nodeStatus: Record<string, NodeBadge>;
  errors: NodeFailure[];
  /** Detail events the host left out of the live stream (trace.jsonl has them). */
  dropped: number;
  /**
   * Episodes read from the run folder when a run going on was watched from the middle (run/catch-up.ts):
   * their episode.end, still on its way live, is not counted twice.
   */
  readBack?: ReadonlySet<number>;
}

export const stepKey = (episode: number, step: number) => `${episode}:${step}`;

export function emptyTrace(partial: Partial<TraceData> = {}): TraceData {
  return {
    runId: null,
    runDir: null,
    live: false,
    start: null,
    end: null,
    episodes: [],
    scenes: new Map(),
    actionLabels: undefined,
    steps: new Map(),
    current: null,
    models: [],
    notes: { notes: [], more: 0 },
    nodeStatus: {},
    errors: [],
    dropped: 0,
    ...partial,
  };
}
