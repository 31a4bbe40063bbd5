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
  const rates = { a: completedSuccessRate(baseline).value, b: completedSuccessRate(run).value };
  return { figures, verdict: sayWhoLacksSuccess(differenceVerdict(difference, rates, "the baseline", "this run"), rates) };
}

/** The verdict's "the world says nothing of success" made to name the side that says nothing, where only one does (a baseline in another world). */
function sayWhoLacksSuccess(verdict: string, rates: { a: number | null; b: number | null }): string {
  const [baselineHas, runHas] = [Number.isFinite(rates.a), Number.isFinite(rates.b)];
  if (baselineHas === runHas) return verdict;
  const which = runHas ? "the baseline's world says nothing of success; this run's does" : "this run's world says nothing of success; the baseline's does";
  return verdict.replace("(the world says nothing of success)", `(${which})`);
}
