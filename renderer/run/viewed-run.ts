import { useEffect, useState } from "react";
import type { RunListing, Transport } from "../../protocol/index.js";
import { mainTrace } from "../trace/trace-store.js";

/**
 * The Runs list's entry of the run folder in view, asked again on each `asked` change (the folder
 * opened again: its run.start read anew, a Refresh): whether a
 * folder without a summary is still written by another process (and which), or was killed.
 */
export function useViewedRunListing(transport: Transport, runDir: string | null, asked: unknown): RunListing | undefined {
  const [listed, setListed] = useState<RunListing | undefined>(undefined);
  useEffect(() => {
    if (!runDir) return;
    let current = true;
    transport.listRuns().then(
      (runs) => current && setListed(runs.find((run) => run.runDir === runDir)),
      () => undefined, // Unlisted: the line says what the folder holds, as for any past run.
    );
    return () => {
      current = false;
    };
  }, [transport, runDir, asked]);
  // Another folder's entry until this one's comes: none. The same folder's, asked again: kept meanwhile (no flicker to "past run").
  return listed?.runDir === runDir ? listed : undefined;
}

/** Reads the folder in view again (a run another process still writes): its episodes so far, the step in view kept. */
export async function rereadViewedRun(transport: Transport, runDir: string): Promise<void> {
  const record = await transport.openRun(runDir);
  mainTrace.setState((view) => (view.data.runDir === runDir && !view.data.live ? { data: { ...view.data, episodes: record.episodes, models: record.models, notes: record.notes } } : view));
}
