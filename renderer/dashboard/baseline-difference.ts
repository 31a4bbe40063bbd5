import { differenceVerdict, episodeDifference, formatPoints, formatSigned, successTrials, wilsonInterval, type EpisodeResult } from "../../protocol/index.js";

/** The shown run against its baseline, as `foresight compare` says it: B − A with 95% intervals, and which does better. */
export interface BaselineDifference {
  /** "success rate +75.5 pts [+69.1, +80.6] · mean return +0.812 [+0.760, +0.864]". */
  figures: string;
  /** One sentence, e.g. "the interval of the success-rate difference excludes 0: this run succeeds more often". */
  verdict: string;
}

/** Nothing until both runs have a completed episode. */
export function baselineDifference(run: readonly EpisodeResult[], baseline: readonly EpisodeResult[]): BaselineDifference | undefined {
  const completed = (list: readonly EpisodeResult[]) => list.filter((e) => e.status === "completed");
  const [mine, theirs] = [completed(run), completed(baseline)];
  if (mine.length === 0 || theirs.length === 0) return undefined;
  const rate = (list: readonly EpisodeResult[]) => {
    const { successes, trials } = successTrials(list);
    return wilsonInterval(successes, trials).value;
  };
  const difference = episodeDifference(theirs, mine);
  const figures = [
    ...(Number.isFinite(difference.successRate.value) ? [`success rate ${formatPoints(difference.successRate)}`] : []),
    `mean return ${formatSigned(difference.meanReturn)}`,
  ].join(" · ");
  return { figures, verdict: differenceVerdict(difference, { a: rate(theirs), b: rate(mine) }, "the baseline", "this run") };
}
