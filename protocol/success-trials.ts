import type { EpisodeResult } from "./run-events.js";

/**
 * Successes among finished episodes, as trials for a success rate. An episode whose world said
 * nothing of success (null) failed where another episode of the run said something; where none
 * did, there is nothing to count (0 trials: the rate is "–", and return is the measure).
 */
export function successTrials(finished: readonly Pick<EpisodeResult, "success">[]): { successes: number; trials: number } {
  const said = finished.some((e) => e.success !== null);
  return { successes: finished.filter((e) => e.success === true).length, trials: said ? finished.length : 0 };
}
