import type { ChartLine } from "./EpisodeChart.js";
import type { Curve, EpisodeCurves } from "./curves.js";

const NO_POINTS: Curve = { episodes: [], values: [] };

/** This run's curve over the baseline's (drawn first, under it); the legend above the charts names the baseline. */
export function lines(run: Curve | null, baseline: Curve | null): ChartLine[] {
  return [...(baseline ? [{ label: "baseline", look: "baseline" as const, curve: baseline }] : []), { label: "this run", look: "run", curve: run ?? NO_POINTS }];
}

/** The success rates, this run's inside its 95% band. */
export function successLines(run: EpisodeCurves["success"] | null, baseline: EpisodeCurves["success"] | null): ChartLine[] {
  const band: ChartLine[] = run
    ? [
        { label: "95% low", look: "band-low", curve: { episodes: run.episodes, values: run.low } },
        { label: "95% high", look: "band-high", curve: { episodes: run.episodes, values: run.high } },
      ]
    : [];
  return [...band, ...lines(run, baseline)];
}

/** Moving means of return, this run's raw returns faint under them; the raw returns alone where the mean is of one episode. */
export function returnLines(run: EpisodeCurves, baseline: EpisodeCurves | null): ChartLine[] {
  if (run.returnWindow === 1) return lines(run.returns, baseline?.returns ?? null);
  return [{ label: "each episode", look: "raw-run", curve: run.returns }, ...lines(run.meanReturn, baseline?.meanReturn ?? null)];
}
