import type { EpisodeResult } from "./engine/events.js";
import { completedSuccessRate, differenceVerdict, episodeDifference, type EpisodeDifference } from "../protocol/episode-difference.js";
import type { RunSummary } from "./summary.js";

/** Two runs side by side and B − A for each figure, with 95% intervals. */
export interface Comparison {
  a: RunSummary;
  b: RunSummary;
  difference: EpisodeDifference;
  /** True when the two success-rate intervals overlap; false when one lies wholly above the other (the verdict reads B − A's interval). */
  successIntervalsOverlap: boolean;
}

export function compareRuns(
  a: { summary: RunSummary; episodes: readonly EpisodeResult[] },
  b: { summary: RunSummary; episodes: readonly EpisodeResult[] },
): Comparison {
  const [sa, sb] = [completedSuccessRate(a.episodes), completedSuccessRate(b.episodes)];
  return {
    a: a.summary,
    b: b.summary,
    difference: episodeDifference(a.episodes, b.episodes),
    successIntervalsOverlap: !(sb.low > sa.high || sa.low > sb.high),
  };
}

/** differenceVerdict over the two runs' summaries' success rates. */
export function comparisonVerdict(c: Comparison, a: string, b: string): string {
  return differenceVerdict(c.difference, { a: c.a.successRate.value, b: c.b.successRate.value }, a, b);
}

