import { create } from "zustand";
import type { LiveRun, RunStateChange, Transport } from "../../protocol/index.js";
import { liveIngest } from "../trace/ingest.js";
import { mainTrace } from "../trace/trace-store.js";
import { catchUpWith, showStepsPlayed } from "./catch-up.js";
import { useRun } from "./run-store.js";

/** The runs the host is playing, whichever page started them: the Runs tab lists them with their own controls. */
interface LiveRuns {
  runs: LiveRun[];
  /** Asks the host again (a page that just loaded, a run started or ended). */
  refresh(transport: Transport): Promise<void>;
  stateChanged(change: RunStateChange): void;
  ended(runId: string): void;
}

export const useLiveRuns = create<LiveRuns>()((set) => ({
  runs: [],
  async refresh(transport) {
    const runs = await transport.listLiveRuns();
    set({ runs });
  },
  stateChanged(change) {
    set((live) => ({ runs: live.runs.map((run) => (run.runId === change.runId ? { ...run, state: change.state, episodesDone: change.episodesDone } : run)) }));
  },
  ended(runId) {
    set((live) => ({ runs: live.runs.filter((run) => run.runId !== runId) }));
  },
}));

/**
 * Makes the toolbar drive `run` and the main view show it from now on, with what it did before this
 * page watched it read from its run folder (its run.start and ended episodes) and from the host (the
 * steps played of its episodes in progress), so a second tab, or this one reloaded, sees what the tab
 * that started it sees.
 */
export function watchRun(run: LiveRun, transport: Transport): void {
  liveIngest.follow(run.runId, mainTrace, true);
  mainTrace.getState().reset({ live: true, runId: run.runId, ...(run.runDir ? { runDir: run.runDir } : {}) });
  useRun.getState().attach(run);
  void showStepsPlayed(transport, run.runId);
  void catchUpWith(transport, run.runId, run.runDir).catch(() => undefined); // Unread: the view shows the run from the Watch on, as before.
}

/**
 * Asks the host which runs go on and watches again the one the toolbar drives (a connection made
 * again), else, while the toolbar drives none, the newest (a page loaded while runs went on): a
 * reload and a reconnect re-attach alike. Answers the run re-attached to, if any.
 */
export async function reattach(transport: Transport): Promise<LiveRun | undefined> {
  await useLiveRuns.getState().refresh(transport);
  const { runs } = useLiveRuns.getState();
  const { runId, phase } = useRun.getState();
  const run = runs.find((live) => live.runId === runId) ?? (phase === "idle" ? runs.at(-1) : undefined);
  if (run) watchRun(run, transport);
  return run;
}

/**
 * Makes the toolbar drive again a run it left while that run was going (a fork was started while it
 * stood paused), and the main view show it; a view still showing it is kept as it is.
 */
export function comeBackTo(runId: string): void {
  const live = useLiveRuns.getState().runs.find((run) => run.runId === runId);
  const shown = mainTrace.getState().data.runId === runId;
  liveIngest.follow(runId, mainTrace);
  if (!shown) mainTrace.getState().reset({ live: true, runId, ...(live?.runDir ? { runDir: live.runDir } : {}) });
  useRun.getState().comeBack(runId, live);
}
