import type { EpisodeResult } from "./engine/events.js";
import { meanDifference, proportionDifference, wilsonInterval, type Estimate } from "../protocol/stats.js";
import { stableJson } from "./stable-json.js";
import { successTrials } from "../protocol/success-trials.js";
import type { RunSummary } from "./summary.js";

/** Two runs side by side and B − A for each figure, with 95% intervals. */
export interface Comparison {
  a: RunSummary;
  b: RunSummary;
  difference: { successRate: Estimate; meanReturn: Estimate; meanLength: Estimate };
  /** True when the two success-rate intervals overlap; false when one lies wholly above the other (the verdict reads B − A's interval). */
  successIntervalsOverlap: boolean;
}

export function compareRuns(
  a: { summary: RunSummary; episodes: readonly EpisodeResult[] },
  b: { summary: RunSummary; episodes: readonly EpisodeResult[] },
): Comparison {
  const finished = (list: readonly EpisodeResult[]) => list.filter((e) => e.status === "completed");
  const fa = finished(a.episodes);
  const fb = finished(b.episodes);
  const [wa, wb] = [successTrials(fa), successTrials(fb)];
  const sa = wilsonInterval(wa.successes, wa.trials);
  const sb = wilsonInterval(wb.successes, wb.trials);
  return {
    a: a.summary,
    b: b.summary,
    difference: {
      successRate: proportionDifference(wa, wb),
      meanReturn: meanDifference(
        fa.map((e) => e.return),
        fb.map((e) => e.return),
      ),
      meanLength: meanDifference(
        fa.map((e) => e.envSteps),
        fb.map((e) => e.envSteps),
      ),
    },
    successIntervalsOverlap: !(sb.low > sa.high || sa.low > sb.high),
  };
}

/**
 * Which run does better, in one sentence naming them `a` and `b`: by success rate, or by mean return
 * where either run's world says nothing of success (Pendulum) or neither run had a successful episode.
 */
export function comparisonVerdict(c: Comparison, a: string, b: string): string {
  const [ra, rb] = [c.a.successRate.value, c.b.successRate.value];
  const unsaid = !Number.isFinite(ra) || !Number.isFinite(rb);
  if (unsaid || (ra === 0 && rb === 0)) {
    const { value, low, high } = c.difference.meanReturn;
    const prefix = unsaid ? "no success rate to compare (the world says nothing of success), so judge by return:" : "no episode succeeded in either run, so judge by return:";
    if (low <= 0 && high >= 0) return `${prefix} the interval of the mean-return difference includes 0, no clear difference at this number of episodes`;
    return `${prefix} the interval of the mean-return difference excludes 0, ${value > 0 ? b : a} returns more`;
  }
  // Judged by the difference's own interval: two intervals can overlap while B − A's lies wholly above 0.
  const { value, low, high } = c.difference.successRate;
  if (low <= 0 && high >= 0) return "the interval of the success-rate difference includes 0: no clear difference at this number of episodes";
  return `the interval of the success-rate difference excludes 0: ${value > 0 ? b : a} succeeds more often`;
}

/**
 * Whether two runs act in the same world, by their environment nodes' params: where they differ
 * (the first param that does, in words naming the runs `a` and `b`), their difference is not the
 * pipelines' alone. Nothing when the params are equal.
 */
export function worldDifference(paramsA: Record<string, unknown>, paramsB: Record<string, unknown>, a: string, b: string): string | undefined {
  const param = [...new Set([...Object.keys(paramsA), ...Object.keys(paramsB)])].find((key) => stableJson(paramsA[key]) !== stableJson(paramsB[key]));
  if (param === undefined) return undefined;
  const shown = (value: unknown) => (value === undefined ? "unset" : JSON.stringify(value));
  return `${a} and ${b} act in different worlds (their environments' ${param}: ${shown(paramsA[param])} and ${shown(paramsB[param])}), so the difference is not the pipelines' alone`;
}
