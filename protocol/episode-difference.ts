import type { EpisodeResult } from "./run-events.js";
import { meanDifference, proportionDifference, wilsonInterval, type Estimate } from "./stats.js";
import { successTrials } from "./success-trials.js";

/** B − A for each figure over two runs' completed episodes, with 95% intervals: what `compare`, the report and the editor's dashboard say. */
export interface EpisodeDifference {
  successRate: Estimate;
  meanReturn: Estimate;
  meanLength: Estimate;
}

/** The episodes the figures are over: failed and stopped ones are counted, not averaged. */
export function completedEpisodes(list: readonly EpisodeResult[]): EpisodeResult[] {
  return list.filter((e) => e.status === "completed");
}

/**
 * How many episodes a run played to their end, as summary.json and the trace's run.end both count
 * them: `episodes` completed, `episodesFailed` ended by a node error. An episode cut off by a stop
 * is in neither (its steps still count in the summary's `steps`): it says nothing of how an episode ends.
 */
export function episodeCounts(list: readonly EpisodeResult[]): { episodes: number; episodesFailed: number } {
  return { episodes: completedEpisodes(list).length, episodesFailed: list.filter((e) => e.status === "error").length };
}

/** A run's success rate over its completed episodes, with its 95% interval (NaN where its world says nothing of success). */
export function completedSuccessRate(list: readonly EpisodeResult[]): Estimate {
  const { successes, trials } = successTrials(completedEpisodes(list));
  return wilsonInterval(successes, trials);
}

/**
 * The returns a mean is over: the finite ones. Each reward is finite, but a sum can overflow to ±Infinity
 * (NaN once both signs did); JSON holds those as null. The environment's run note names the episodes left out.
 */
export function finiteReturns(list: readonly EpisodeResult[]): number[] {
  return list.flatMap((e) => (e.return !== null && Number.isFinite(e.return) ? [e.return] : []));
}

export function episodeDifference(a: readonly EpisodeResult[], b: readonly EpisodeResult[]): EpisodeDifference {
  const [fa, fb] = [completedEpisodes(a), completedEpisodes(b)];
  return {
    successRate: proportionDifference(successTrials(fa), successTrials(fb)),
    meanReturn: meanDifference(finiteReturns(fa), finiteReturns(fb)),
    meanLength: meanDifference(
      fa.map((e) => e.envSteps),
      fb.map((e) => e.envSteps),
    ),
  };
}

/**
 * Which run does better, in one sentence naming them `a` and `b`: by success rate (`rates`: each
 * run's, NaN or null where its world says nothing of success), or by mean return where either run's
 * world says nothing of success (Pendulum) or neither run had a successful episode.
 */
export function differenceVerdict(d: EpisodeDifference, rates: { a: number | null; b: number | null }, a: string, b: string): string {
  const [ra, rb] = [rates.a, rates.b];
  const unsaid = !Number.isFinite(ra) || !Number.isFinite(rb);
  if (unsaid || (ra === 0 && rb === 0)) {
    const { value, low, high } = d.meanReturn;
    const prefix = unsaid ? "no success rate to compare (the world says nothing of success), so judge by return:" : "no episode succeeded in either run, so judge by return:";
    if (low <= 0 && high >= 0) return `${prefix} the interval of the mean-return difference includes 0, no clear difference at this number of episodes`;
    return `${prefix} the interval of the mean-return difference excludes 0, ${value > 0 ? b : a} returns more`;
  }
  // Judged by the difference's own interval: two intervals can overlap while B − A's lies wholly above 0.
  const { value, low, high } = d.successRate;
  if (low <= 0 && high >= 0) return "the interval of the success-rate difference includes 0: no clear difference at this number of episodes";
  return `the interval of the success-rate difference excludes 0: ${value > 0 ? b : a} succeeds more often`;
}
