import type { RunRecord, Transport } from "../../protocol/index.js";
import { liveIngest } from "../trace/ingest.js";
import { mainTrace } from "../trace/trace-store.js";
import { useRun } from "./run-store.js";

/**
 * trace.jsonl is written a little behind the live events: an episode that ended just before the Watch
 * (its event not routed to this view) may not be in the file at the first read. Read again this much later.
 */
const REREAD_MS = 2000;

/**
 * Fills the main view of a live run watched from the middle with what its run folder holds of the
 * time before: its run.start (the Dashboard's heading and baseline, the Step view), and the episodes
 * it ended before (the curves' x axis and the success count start at its episode 0, not at the Watch).
 * Episodes the view got live meanwhile are kept, and those read here that are still on their way live
 * are not counted twice (readBack).
 */
export async function catchUpWith(transport: Transport, runId: string, listedDir: string | null): Promise<void> {
  const runDir = listedDir ?? (await folderOnceMade(transport, runId));
  if (!runDir) return;
  // Watched as it starts, its folder may hold no run.start yet (the file cannot be opened, or opens without one): asked again soon.
  for (let ask = 0; ask < FOLDER_ASKS && watching(runId); ask++) {
    const record = await transport.openRun(runDir).catch(() => undefined);
    if (record) mergeEarlier(runId, record);
    if (record?.start) break;
    await sleep(FOLDER_ASK_MS);
  }
  await sleep(REREAD_MS);
  if (watching(runId)) mergeEarlier(runId, await transport.openRun(runDir));
}

/**
 * Shows the steps a live run watched from the middle played of its episodes in progress, which its
 * run folder holds only once they end: the host kept them (episodesInProgress). The live events that
 * arrive meanwhile wait for them (liveIngest.follow), and go on without them if the host cannot say.
 */
export async function showStepsPlayed(transport: Transport, runId: string): Promise<void> {
  const earlier = await transport.episodesInProgress(runId).catch(() => []);
  liveIngest.catchUp(runId, earlier);
}

const watching = (runId: string) => mainTrace.getState().data.runId === runId;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How often, and how many times, the host is asked for the folder of a run listed before its engine made one. */
const FOLDER_ASK_MS = 300;
const FOLDER_ASKS = 20;

/** The run's folder once the engine has made it (a run listed just as it started had none), unless the view moved on. */
async function folderOnceMade(transport: Transport, runId: string): Promise<string | null> {
  for (let ask = 0; ask < FOLDER_ASKS && watching(runId); ask++) {
    const found = (await transport.listLiveRuns()).find((run) => run.runId === runId)?.runDir;
    if (found) {
      mainTrace.setState((view) => (view.data.runId === runId && !view.data.runDir ? { data: { ...view.data, runDir: found } } : view));
      return found;
    }
    await sleep(FOLDER_ASK_MS);
  }
  return null;
}

function mergeEarlier(runId: string, record: RunRecord): void {
  const view = mainTrace.getState();
  if (view.data.runId !== runId) return;
  const seen = new Set(view.data.episodes.map((result) => result.episode));
  const earlier = record.episodes.filter((result) => !seen.has(result.episode));
  // The toolbar's counts take them in too: its successes and steps then agree with the host's episode count.
  useRun.getState().readBack(runId, earlier);
  mainTrace.setState({
    data: {
      ...view.data,
      start: view.data.start ?? record.start,
      // In episode order: a second read's finds belong among the first's, not before them.
      episodes: [...earlier, ...view.data.episodes].sort((a, b) => a.episode - b.episode),
      readBack: new Set([...(view.data.readBack ?? []), ...earlier.map((result) => result.episode)]),
      models: view.data.models.length > 0 ? view.data.models : record.models,
      notes: view.data.notes.notes.length > 0 ? view.data.notes : record.notes,
    },
  });
}
