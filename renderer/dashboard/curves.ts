import { movingMean, wilsonInterval, type EpisodeResult } from "../../protocol/index.js";

export const SUCCESS_WINDOW = 20;

/** Points of one curve: `values[i]` is of episode `episodes[i]` (its number in the run, gaps where episodes were left out). */
export interface Curve {
  episodes: number[];
  values: number[];
}

/** A run's curves over its completed episodes, and how many of those had a return that is not finite (left out of `returns`). */
export interface EpisodeCurves {
  /** The success rate over the last SUCCESS_WINDOW episodes, with its 95% Wilson interval. */
  success: Curve & { low: number[]; high: number[] };
  /** Each episode's return. */
  returns: Curve;
  /** The mean return of the last `returnWindow` episodes. */
  meanReturn: Curve;
  returnWindow: number;
  /** Each episode's length in steps. */
  length: Curve;
  notFiniteReturns: number;
}

/** Below this many episodes the Return chart draws each episode's return: a mean of a few is noise on noise. */
const RAW_RETURNS_UP_TO = 200;

/**
 * The episodes a moving mean of returns spans: one in twenty of the run's episodes, as the run report
 * averages (500 at 10,000 episodes), so a long run's curve reads as a trend, not a barcode.
 */
export function returnWindow(episodes: number): number {
  return episodes < RAW_RETURNS_UP_TO ? 1 : Math.round(episodes / 20);
}

/**
 * The curves over the episodes that completed, the moving mean of returns over `window` (one run's beside
 * another's: the same window for both), as the
 * run's summary figures: a failed or stopped one is no 0-return failure of the method.
 */
export function episodeCurves(episodes: readonly EpisodeResult[], window = returnWindow(episodes.length)): EpisodeCurves {
  const completed = episodes.filter((episode) => episode.status === "completed");
  // JSON has no Infinity: a return that is not finite reads back as null, and has no place on a curve.
  const finite = completed.filter((episode): episode is EpisodeResult & { return: number } => episode.return !== null && Number.isFinite(episode.return));
  const returns = curveOf(finite, (episode) => episode.return);
  return {
    success: successCurve(completed),
    returns,
    meanReturn: { episodes: returns.episodes, values: movingMean(returns.values, window) },
    returnWindow: window,
    length: curveOf(completed, (episode) => episode.steps),
    notFiniteReturns: completed.length - finite.length,
  };
}

function curveOf<T extends EpisodeResult>(episodes: readonly T[], value: (episode: T) => number): Curve {
  return { episodes: episodes.map((episode) => episode.episode), values: episodes.map(value) };
}

function successCurve(episodes: readonly EpisodeResult[]): EpisodeCurves["success"] {
  const curve = { episodes: [] as number[], values: [] as number[], low: [] as number[], high: [] as number[] };
  let wins = 0;
  for (let i = 0; i < episodes.length; i++) {
    if (episodes[i]!.success) wins++;
    if (i >= SUCCESS_WINDOW && episodes[i - SUCCESS_WINDOW]!.success) wins--;
    const interval = wilsonInterval(wins, Math.min(i + 1, SUCCESS_WINDOW));
    curve.episodes.push(episodes[i]!.episode);
    curve.values.push(interval.value);
    curve.low.push(interval.low);
    curve.high.push(interval.high);
  }
  return curve;
}

/** Whether a run's world says anything of success (Pendulum's says nothing: every episode's success is null). */
export function reportsSuccess(episodes: readonly EpisodeResult[]): boolean {
  return episodes.some((episode) => episode.success !== null);
}

/**
 * uPlot's aligned data: the episode numbers any line has a point at, then each line's values at
 * those (null where it has none: another line's episode, or one left out of it).
 */
export function alignedData(lines: readonly Curve[]): [number[], ...(number | null)[][]] {
  const xs = [...new Set(lines.flatMap((line) => line.episodes))].sort((a, b) => a - b);
  return [
    xs,
    ...lines.map((line) => {
      const at = new Map(line.episodes.map((episode, i) => [episode, line.values[i]!]));
      return xs.map((x) => at.get(x) ?? null);
    }),
  ];
}
