import type { RunSummary } from "../protocol/run-events.js";
import type { EpisodeResult, TraceLevel } from "./engine/events.js";
import type { RunResult } from "./engine/run-pipeline.js";
import { completedEpisodes, completedSuccessRate, episodeCounts, finiteReturns } from "../protocol/episode-difference.js";
import { meanInterval } from "../protocol/stats.js";

// summary.json's shape is shared with the editor, so it lives in protocol/ (estimates are NaN
// here when no episode finished, null once written as JSON).
export type { RunSummary } from "../protocol/run-events.js";

/** Figures over the episodes that completed; failed or stopped ones are counted, not averaged. */
export function summariseRun(
  result: RunResult,
  meta: { pipeline: string; runId: string; seed: number; traceLevel: TraceLevel; episodesRequested: number },
): RunSummary {
  const finished = completedEpisodes(result.episodes);
  const steps = result.episodes.reduce((sum, e) => sum + e.envSteps, 0);
  const notActing = finished.filter((e) => e.endedBy !== undefined);
  // Speed is over the time the run ran: a run paused for a minute in the editor played no slower.
  const ranMs = result.wallMs - (result.pausedMs ?? 0);
  const nodeTime: RunSummary["nodeTime"] = {};
  for (const timing of result.nodeTimes) {
    const entry = (nodeTime[timing.kind] ??= { calls: 0, totalMs: 0, meanMs: 0 });
    entry.calls += timing.calls;
    entry.totalMs += timing.totalMs;
    entry.meanMs = entry.calls > 0 ? entry.totalMs / entry.calls : 0;
  }
  return {
    ...meta,
    status: result.status,
    ...episodeCounts(result.episodes),
    successRate: completedSuccessRate(result.episodes),
    // Over the finite returns (the environment's run note names any left out); null only where none is.
    meanReturn: meanInterval(finiteReturns(finished)),
    meanLength: meanInterval(finished.map((e) => e.envSteps)),
    steps,
    stepsPerSecond: ranMs > 0 ? (steps / ranMs) * 1000 : 0,
    wallSeconds: result.wallMs / 1000,
    models: result.models,
    nodeTime,
    ...(result.failure ? { error: result.failure } : {}),
    ...(notActing.length > 0 ? { endedWithoutActing: endedWithoutActing(notActing) } : {}),
  };
}

function endedWithoutActing(episodes: readonly EpisodeResult[]): NonNullable<RunSummary["endedWithoutActing"]> {
  const first = episodes.reduce((a, b) => (b.episode < a.episode ? b : a));
  return { episodes: episodes.length, first: { episode: first.episode, step: first.steps - 1, why: first.endedBy! } };
}
