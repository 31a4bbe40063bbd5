import { completedEpisodes, completedSuccessRate, differenceVerdict, episodeDifference, formatPoints, formatSigned, type EpisodeResult } from "../../protocol/index.js";

/** The shown run against its baseline, as `foresight compare` says it: B − A with 95% intervals, and which does better. */
export interface BaselineDifference {
  /** "success rate +75.5 pts [+69.1, +80.6] · mean return +0.812 [+0.760, +0.864]". */
  figures: string;
  /** One sentence, e.g. "the interval of the success-rate difference excludes 0: this run succeeds more often". */
  verdict: string;
}

/** Nothing until both runs have a completed episode. */
export function baselineDifference(run: readonly EpisodeResult[], baseline: readonly EpisodeResult[]): BaselineDifference | undefined {
  if (completedEpisodes(run).length === 0 || completedEpisodes(baseline).length === 0) return undefined;
  const difference = episodeDifference(baseline, run);
  const figures = [
    ...(Number.isFinite(difference.successRate.value) ? [`success rate ${formatPoints(difference.successRate)}`] : []),
    `mean return ${formatSigned(difference.meanReturn)}`,
  ].join(" · ");
  return { figures, verdict: differenceVerdict(difference, { a: completedSuccessRate(baseline).value, b: completedSuccessRate(run).value }, "the baseline", "this run") };
}
