import { useEffect } from "react";
import { useTransport } from "../transport-context.js";
import { useTrace, type TraceStore } from "./trace-store.js";

/**
 * Finds a live run's folder as the host names it (serve: relative to its root; the desktop app: an
 * absolute path beside the pipeline file) in the host's runs list once run.start has named the
 * folder, so scrubbing back and forking work while the run goes on. run.ended gives it too, later.
 */
export function useLiveRunDir(store: TraceStore): void {
  const transport = useTransport();
  const folderName = useTrace(store, (view) => (view.data.live && !view.data.runDir && view.data.start ? view.data.start.runId : null));
  useEffect(() => {
    if (!folderName) return;
    let current = true;
    transport.listRuns().then(
      (runs) => {
        const found = runs.find((run) => run.runDir.split(/[\\/]/).at(-1) === folderName);
        if (!current || !found) return;
        store.setState((view) => (view.data.start?.runId === folderName && !view.data.runDir ? { data: { ...view.data, runDir: found.runDir } } : view));
      },
      () => undefined, // Not found now: run.ended will say where the run went.
    );
    return () => {
      current = false;
    };
  }, [folderName, store, transport]);
}
