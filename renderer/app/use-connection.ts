import { useEffect } from "react";
import type { Transport } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import { markTabGone } from "../files/open-tabs.js";
import { reattach, useLiveRuns } from "../run/live-runs.js";
import { useRun, type RunPhase } from "../run/run-store.js";
import { forkTrace, mainTrace } from "../trace/trace-store.js";

/**
 * What the page says once the server is gone for good (it stopped, or a restarted one refuses this page's token).
 * The browser keeps unsaved changes per address (unsaved-backups.ts), so they are offered back on the same port only.
 */
export function serverStoppedText(port: string): string {
  const where = port ? ` on port ${port}` : "";
  return `foresight serve stopped. Start it again${where} and open the address it prints; your unsaved changes will be offered back there.`;
}

/** Whether the page still takes a run in this phase for going (it has not heard of its end). */
function unfinished(phase: RunPhase): boolean {
  return phase !== "idle" && phase !== "ended";
}

/**
 * The connection's news in the page: while it is made again the notice says so; once made, the
 * page re-attaches to the runs still going as a reload does (reattach); once the server is gone,
 * the runs it thought going end as lost and the toolbar can start another.
 */
export function useConnection(transport: Transport): void {
  useEffect(() => {
    const offConnection = transport.onConnection((change) => {
      const say = useEditor.getState().say;
      if (change.status === "reconnecting") {
        say(`Lost the connection to the server (${change.reason}). Reconnecting…`, "error");
        return;
      }
      const driven = useRun.getState();
      reattach(transport).then(
        (run) => {
          // Ended while the page could not hear of it: its summary is in the Runs tab.
          if (!run && driven.runId !== null && unfinished(useRun.getState().phase)) useRun.getState().lost("the run ended while the connection was down (the Runs tab has it)");
          say(run ? `Reconnected to the server; re-attached to the run ${run.runDir ?? run.pipeline}, which is still going` : "Reconnected to the server");
        },
        () => say("Reconnected to the server"),
      );
    });
    const offClosed = transport.onClosed(() => {
      if (unfinished(useRun.getState().phase)) useRun.getState().lost("the server stopped");
      useLiveRuns.setState({ runs: [] });
      for (const store of [mainTrace, forkTrace]) {
        const { data } = store.getState();
        if (data.live) store.setState({ data: { ...data, live: false } });
      }
      // This page can save nothing now: counted as gone, its unsaved changes are offered in the page opened on the restarted server.
      markTabGone();
      useEditor.getState().say(serverStoppedText(window.location.port), "error");
    });
    return () => {
      offConnection();
      offClosed();
    };
  }, [transport]);
}
