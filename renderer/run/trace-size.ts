import type { RunListing, TraceLevel } from "../../protocol/index.js";

/**
 * Above these a run's trace is worth a question before it starts, by how it was estimated.
 * Measured: 250 MB, over the largest trace a shipped template's default run writes (pendulum-worldmodel,
 * 121 MB) and under 5000 V-GPS episodes (~600 MB). An upper bound overshoots by far more: the shipped
 * templates' default runs wrote 1/2 to 1/17 of theirs (gridworld-vgps-onnx: 18 MB of 302 MB, its
 * episodes ending in 22 steps of 100), so a bound asks only past 1 GB; the next run is measured.
 */
export const TRACE_WARN_BYTES = { measured: 250e6, bound: 1e9 } as const;

/**
 * Bytes a step writes at most, by level, from what built-in pipelines wrote (20 episodes each of the
 * GridWorld, Pendulum and shopping templates): at `steps`, 480 B with 1 candidate to 5.6 kB with 32;
 * at `full`, 2.8 kB with 5 nodes and 1 candidate to 13.3 kB with 6 nodes and 16 (best-first search
 * adds its tree, bounded apart: SEARCH_STATE_BYTES). Each figure here is at or above every one
 * measured; an environment that sends large observations or frames can write more.
 */
const STEP_BYTES = { base: 600, perCandidate: 200 };
const NODE_BYTES = { base: 600, perCandidate: 80 };
/**
 * A traced search tree's state, at `full`: measured 105 B (GridWorld) to 178 B (shopping, whose action
 * names are longer) per simulated state, its never-simulated irreversible leaves included.
 */
const SEARCH_STATE_BYTES = 200;
/** episode.start and episode.end (measured 320–570 B). */
const EPISODE_BYTES = 1000;

/** What the estimate needs of the pipeline: its run settings, its nodes' params, how many nodes. */
export interface TraceSizeInput {
  episodes: number;
  maxSteps: number;
  level: TraceLevel;
  nodeParams: readonly Record<string, unknown>[];
}

/** An estimate of a run's trace size, and how it was made (the dialog says which). */
export type TraceSizeEstimate =
  | { bytes: number; basis: "measured"; runDir: string; bytesPerStep: number; stepsPerEpisode: number }
  | { bytes: number; basis: "bound"; bytesPerStep: number; candidates: number; searchStates: number };

/**
 * The trace a run of `input` would write. From the newest of `ownRuns` (the document's finished runs,
 * newest first) at the same level: its bytes per step and steps per episode, times the episodes asked
 * for. With none: an upper bound, every episode running to maxSteps at the per-step bound above for
 * this many nodes and candidates per step (the largest `n` param: a sampler's), and at `full` every search
 * tree at its largest (searchStates). Null at level `off`.
 */
export function estimateTraceSize(input: TraceSizeInput, ownRuns: readonly RunListing[]): TraceSizeEstimate | null {
  if (input.level === "off") return null;
  const measured = ownRuns.find((run) => run.traceLevel === input.level && (run.steps ?? 0) > 0 && (run.traceBytes ?? 0) > 0 && episodesPlayed(run) > 0);
  if (measured) {
    const bytesPerStep = measured.traceBytes! / measured.steps!;
    // Episodes end early or not at all depending on the policy: a run that ended them sooner says more than maxSteps.
    const stepsPerEpisode = Math.min(measured.steps! / episodesPlayed(measured), input.maxSteps);
    return { bytes: input.episodes * stepsPerEpisode * bytesPerStep, basis: "measured", runDir: measured.runDir, bytesPerStep, stepsPerEpisode };
  }
  const candidates = Math.max(1, ...input.nodeParams.map((params) => finiteNumber(params["n"]) ?? 1));
  let bytesPerStep = STEP_BYTES.base + STEP_BYTES.perCandidate * candidates;
  const searchStates = input.level === "full" ? input.nodeParams.reduce((sum, params) => sum + searchTreeStates(params, candidates), 0) : 0;
  if (input.level === "full") {
    bytesPerStep += input.nodeParams.length * (NODE_BYTES.base + NODE_BYTES.perCandidate * candidates) + SEARCH_STATE_BYTES * searchStates;
  }
  return { bytes: input.episodes * (input.maxSteps * bytesPerStep + EPISODE_BYTES), basis: "bound", bytesPerStep, candidates, searchStates };
}

/**
 * The states a search node's tree may trace in one step, 0 for a node that searches none: its budget
 * `maxNodes` (a tree search's), which the last expansion passes by up to `branching` − 1, plus the
 * first level's `candidates`, always simulated.
 */
function searchTreeStates(params: Record<string, unknown>, candidates: number): number {
  const budget = finiteNumber(params["maxNodes"]);
  if (budget === undefined) return 0;
  return budget + (finiteNumber(params["branching"]) ?? 1) + candidates;
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Episodes the run played to their end, failed ones included (their steps are in the trace too). */
function episodesPlayed(run: RunListing): number {
  return run.episodes + (run.episodesFailed ?? 0);
}

/** "1.4 GB", "620 MB", "3.1 kB": decimal units, as file managers show sizes. */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
