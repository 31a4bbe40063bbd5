import { isKnown } from "../../protocol/format-estimate.js";
import { movingMean } from "../../protocol/stats.js";
import { episodeRangesText, missingEpisodes } from "../../protocol/episode-ranges.js";
import type { EpisodeResult } from "../../protocol/run-events.js";
import { escapeMarkup as esc } from "../markup.js";
import { curvesSvg, successSoFar } from "./curves-svg.js";
import type { RunRecord } from "./read-run.js";

/** A return the trace holds as a number: JSON wrote one that overflowed to ±Infinity, or was NaN, as null. */
export const hasFiniteReturn = (e: EpisodeResult): e is EpisodeResult & { return: number } => e.return !== null && Number.isFinite(e.return);

/** The success-rate and return curves of a run, and of its baseline in grey. */
export function curvesSection(run: RunRecord, baseline: RunRecord | undefined): string {
  const runs = [run, ...(baseline ? [baseline] : [])];
  // Over the episodes that completed, as the summary's figures: a failed one is no 0-return failure of the method.
  const completed = (r: RunRecord) => r.episodes.filter((e) => e.status === "completed");
  const longest = Math.max(...runs.map((r) => completed(r).length));
  if (longest === 0) return "<section><h2>Curves</h2><p>No episode completed.</p></section>";
  const window = Math.max(1, Math.round(longest / 20));
  // Drawn at their episode numbers: a run missing some episodes (a queued run whose Redis restarted) shows the gap.
  // `drawn` leaves out the episodes a curve has no value for, rather than counting them as 0.
  const series = <E extends EpisodeResult>(values: (episodes: E[]) => number[], drawn: (e: EpisodeResult) => e is E, of = runs) =>
    of.map((r) => {
      const shown = completed(r).filter(drawn);
      return {
        name: `${r.summary.pipeline}${r === baseline ? " (baseline)" : ""}`,
        values: values(shown),
        episodes: shown.map((e) => e.episode),
        missing: new Set(missingEpisodes(r.episodes.map((e) => e.episode))),
        baseline: r === baseline,
      };
    });
  const percent = (v: number) => `${Math.round(100 * v)}%`;
  // A world that says nothing of success has no success curve (not one of made-up zeros): return is its measure.
  const reporting = runs.filter((r) => isKnown(r.summary.successRate));
  const success = reporting.length > 0
    ? curvesSvg("Success rate so far", series(successSoFar, (e): e is EpisodeResult & { success: boolean } => e.success !== null, reporting), percent, [0, 1])
    : "<p>No success curve: this world reports no success, so return is the measure.</p>";
  const returns = runs.some((r) => completed(r).some(hasFiniteReturn))
    ? curvesSvg(
        window === 1 ? "Return of each episode" : `Return, mean of the last ${window} episodes`,
        series((episodes) => movingMean(episodes.map((e) => e.return), window), hasFiniteReturn),
        String,
      )
    : "<p>No return curve: no completed episode's return is finite.</p>";
  return [
    "<section><h2>Curves</h2><div class=\"charts\">",
    success,
    returns,
    "</div>",
    ...runs.map((r) => notFiniteText(completed(r), r === baseline ? "The baseline's" : "This run's")),
    "</section>",
  ].join("\n");
}

/** Which completed episodes' returns are not finite, and that the curve and mean leave them out ("" where none). */
function notFiniteText(completed: readonly EpisodeResult[], whose: string): string {
  const numbers = completed.filter((e) => !hasFiniteReturn(e)).map((e) => e.episode);
  if (numbers.length === 0) return "";
  const which = `${numbers.length === 1 ? "episode" : "episodes"} ${episodeRangesText(numbers)}`;
  return `<p>${whose} ${esc(which)}: return not finite (its rewards overflowed to ±Infinity, or NaN): left out of the return curve and the mean return.</p>`;
}
