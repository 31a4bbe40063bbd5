import { useRun } from "../run/run-store.js";
import { liveIngest } from "./ingest.js";
import type { TraceStore } from "./trace-store.js";

/**
 * Starts a run whose events `store` shows live: clears the view, keeps events that arrive before
 * the host answers with the run id, then routes the run's events to the view. Answers the error
 * message when the host refused to start it.
 */
export async function startLive(store: TraceStore, start: () => Promise<{ runId: string }>, pendingRunId: string | null = null): Promise<string | null> {
  useRun.getState().starting();
  liveIngest.release(store);
  const { data, followLive, selection, loaded } = store.getState();
  store.getState().reset({ live: true, ...(pendingRunId ? { runId: pendingRunId } : {}) });
  // A run the host refuses (problems in the pipeline) never plays: the views show again the run they showed.
  const restoreIfRefused = useRun.subscribe((run) => {
    if (run.phase !== "ended") return;
    restoreIfRefused();
    if (run.refused) store.setState({ data, followLive, selection, loaded });
  });
  liveIngest.expect();
  try {
    const { runId } = await start();
    store.setState((view) => ({ data: { ...view.data, runId } }));
    liveIngest.claim(runId, store);
    useRun.getState().started(runId);
    return null;
  } catch (error) {
    restoreIfRefused();
    liveIngest.claim(null, null);
    const message = (error as Error).message;
    useRun.getState().failed(message);
    return message;
  }
}
