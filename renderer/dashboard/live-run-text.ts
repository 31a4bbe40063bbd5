import { shownCount, type LiveRun } from "../../protocol/index.js";

/** A live run's name: its folder's, or its pipeline's until the engine has made the folder. */
export const liveRunName = (run: LiveRun): string => run.runDir?.split(/[\\/]/).at(-1) ?? (run.pipeline || run.path);

/**
 * What a live run is doing. Until its folder exists the host knows neither its state nor its
 * episodes: "0/0 episodes" would read as a run with nothing to do.
 */
export const liveRunStatus = (run: LiveRun): string =>
  run.runDir === null ? "starting" : `${run.state} · ${shownCount(run.episodesDone)}/${shownCount(run.episodesRequested)} episodes`;
