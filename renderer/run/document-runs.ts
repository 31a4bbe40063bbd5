import { isLive, type Transport } from "../../protocol/index.js";
import { openRunInView } from "../dashboard/open-run.js";
import { useEditor } from "../document/editor-store.js";
import type { EditorDocument } from "../document/pipeline.js";
import { forgetFork } from "../fork/fork-run.js";
import { liveIngest } from "../trace/ingest.js";
import { forkTrace, mainTrace } from "../trace/trace-store.js";
import { useLiveRuns, watchRun } from "./live-runs.js";
import { useRun } from "./run-store.js";

/** Documents loaded so far: a late answer about an earlier one is dropped (the doc object itself changes as cards are measured). */
let loads = 0;

/**
 * The run views belong to the document: a New or Open clears the status line, the step view (and the
 * node badges), the dashboard and the fork panel, so nothing of the last document's runs shows over
 * this one. Runs still going carry on; the Runs tab lists them.
 */
export function clearRunViews(): void {
  loads++;
  liveIngest.release(mainTrace);
  liveIngest.release(forkTrace);
  mainTrace.getState().reset({});
  forkTrace.getState().reset({});
  forgetFork();
  useRun.getState().forget(true);
}

/** Whether a run belongs to the document: run as its file (live runs say which), or named as it is. */
export function isRunOf(run: { pipeline: string; path?: string }, doc: Pick<EditorDocument, "name">, path: string | null): boolean {
  if (path !== null && run.path !== undefined) return run.path === path;
  return run.pipeline === doc.name;
}

/**
 * Brings the document's own runs back with it: the newest of its runs still going is watched (the
 * toolbar drives it), else its newest run on disk is shown in the step view and dashboard. Does
 * nothing when another document was loaded meanwhile.
 */
export async function showDocumentRuns(transport: Transport): Promise<void> {
  const { doc, path } = useEditor.getState();
  const ticket = loads;
  const stillShown = () => loads === ticket && useRun.getState().phase === "idle" && mainTrace.getState().data.start === null;
  try {
    await useLiveRuns.getState().refresh(transport);
  } catch {
    // An older host without listLiveRuns: only runs on disk come back.
  }
  const live = useLiveRuns.getState().runs.filter((run) => isRunOf(run, doc, path)).at(-1);
  if (live) {
    if (!stillShown()) return;
    watchRun(live, transport);
    useEditor.getState().say(live.runDir ? `Watching this pipeline's run ${live.runDir}, which is still going` : "Watching this pipeline's run, which is still going");
    return;
  }
  const runs = await transport.listRuns();
  const newest = runs.find((run) => !isLive(run.status) && isRunOf(run, doc, path));
  if (!newest || !stillShown()) return;
  if (await openRunInView(transport, newest.runDir, stillShown)) useEditor.getState().say(`Showing this pipeline's last run, ${newest.runDir}`);
}
