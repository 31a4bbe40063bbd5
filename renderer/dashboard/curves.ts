import type { EpisodeResult } from "../../protocol/index.js";

export const SUCCESS_WINDOW = 20;

export type Metric = "success" | "return" | "length";

/** One value per episode: the success rate over the last SUCCESS_WINDOW episodes, the return, or the length in steps. */
export function metricSeries(episodes: readonly EpisodeResult[], metric: Metric): number[] {
  if (metric === "return") return episodes.map((episode) => episode.return);
  if (metric === "length") return episodes.map((episode) => episode.steps);
  const out: number[] = [];
  let wins = 0;
  for (let i = 0; i < episodes.length; i++) {
    if (episodes[i]!.success) wins++;
    if (i >= SUCCESS_WINDOW && episodes[i - SUCCESS_WINDOW]!.success) wins--;
    out.push(wins / Math.min(i + 1, SUCCESS_WINDOW));
  }
  return out;
}

/** Whether a run's world says anything of success (Pendulum's says nothing: every episode's success is null). */
export function reportsSuccess(episodes: readonly EpisodeResult[]): boolean {
  return episodes.some((episode) => episode.success !== null);
}

/** The three curves over the episodes that completed, as the run's summary figures: a failed or stopped one is no 0-return failure of the method. */
export function episodeCurves(episodes: readonly EpisodeResult[]): Record<Metric, number[]> {
  const completed = episodes.filter((episode) => episode.status === "completed");
  return { success: metricSeries(completed, "success"), return: metricSeries(completed, "return"), length: metricSeries(completed, "length") };
}

/** uPlot's aligned data: episode numbers, then this run's and the baseline's values (null where one has fewer episodes). */
export function alignedData(run: number[], baseline: number[] | null): [number[], (number | null)[], (number | null)[]] {
  const length = Math.max(run.length, baseline?.length ?? 0);
  const xs = Array.from({ length }, (_, i) => i);
  return [xs, xs.map((i) => run[i] ?? null), xs.map((i) => baseline?.[i] ?? null)];
}
