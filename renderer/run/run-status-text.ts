import { counted, shownCount, shownPercent, successTrials, type EpisodeResult, type RunListing } from "../../protocol/index.js";
import { failedApart, playedEpisodes } from "./played-episodes.js";
import type { RunPhase, RunState } from "./run-store.js";

/** The status line's first word for a run going on. */
const PHASE_WORDS: Record<Exclude<RunPhase, "idle" | "starting" | "ended">, string> = {
  running: "Running",
  pausing: "Pausing",
  paused: "Paused",
  stopping: "Stopping",
};

/**
 * The status line's parts: the phase with the episode and step, successes, steps so far (an ended
 * run: how it ended). Episodes and steps are numbered from 0, as in the step view, the trace, the
 * CLI's messages and the datasets: "episode 12, step 3" here is Episode 12, step 3 there. The
 * episodes planned are a count ("episode 27 of 2,000"), left out for a single one (a fork plays
 * one episode, numbered as in the run it forks).
 */
export function runStatusParts(run: Pick<RunState, "phase" | "outcome" | "episode" | "step" | "episodesPlanned" | "successes" | "trials" | "episodesFailed" | "stepsTotal">): string[] {
  if (run.phase === "ended") return [`Run ${run.outcome ?? "ended"}`];
  // Until the host answers there is no episode, and no count, to speak of.
  if (run.phase === "starting" || run.phase === "idle") return ["Starting the run…"];
  const planned = run.episodesPlanned > 1 ? ` of ${shownCount(run.episodesPlanned)}` : "";
  // Successes among the completed episodes, the failed ones apart, as the summary and the Runs list count
  // them; none in a world that says nothing of success. Before the steps taken in all: where the line is
  // cut short, the total is what goes.
  return [
    `${PHASE_WORDS[run.phase]}: episode ${shownCount(run.episode)}${planned}, step ${shownCount(run.step)}`,
    ...(run.trials > 0 ? [`${shownCount(run.successes)}/${shownCount(run.trials)} successes`] : []),
    ...(run.episodesFailed > 0 ? [`${shownCount(run.episodesFailed)} failed`] : []),
    counted(run.stepsTotal, "step"),
  ];
}

/**
 * The status line of a finished run shown from its folder (the Runs tab, a document's last run) while
 * the toolbar drives none: worded as an ended run's, so the line never says "No run yet" over a run in view.
 * Its figures are the summary's: over the episodes that completed (successTrials), those that
 * failed counted apart, and one stopped midway (by Stop) in neither.
 */
export function viewedRunText(episodes: readonly Pick<EpisodeResult, "status" | "success">[], listed?: Pick<RunListing, "status" | "player">): string {
  const completed = episodes.filter((episode) => episode.status === "completed");
  const failed = episodes.filter((episode) => episode.status === "error").length;
  const { successes, trials } = successTrials(completed);
  const rate = trials > 0 ? successes / trials : null;
  const figures = `, success ${shownPercent(rate)}`;
  // A folder without a summary is no past run: another process still writes it (what was read is a snapshot), or it was killed.
  if (listed?.status === "running elsewhere" && listed.player) {
    const where = listed.player.elsewhere ? ` on ${listed.player.host}` : "";
    const apart = failed > 0 ? `; ${failedApart(failed)}` : "";
    return `Viewing a run still running in process ${listed.player.pid}${where} (opened at ${counted(completed.length + failed, "episode")}${apart})${figures}`;
  }
  if (listed?.status === "killed") return `Viewing a killed run (no summary) — ${playedEpisodes(completed.length, failed)}${figures}`;
  return `Viewing a past run — ${playedEpisodes(completed.length, failed)}${figures}`;
}
