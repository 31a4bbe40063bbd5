import type { Transport } from "../../protocol/index.js";
import { liveIngest } from "../trace/ingest.js";
import { firstEpisode } from "../trace/selected-step.js";
import { mainTrace } from "../trace/trace-store.js";

/**
 * Shows a run folder from disk in the main view (its episodes; steps are read per episode as they are
 * selected), unless `stillWanted` says otherwise once it is read; answers whether it did.
 */
export async function openRunInView(transport: Transport, runDir: string, stillWanted: () => boolean = () => true): Promise<boolean> {
  const record = await transport.openRun(runDir);
  if (!stillWanted()) return false;
  liveIngest.release(mainTrace);
  const store = mainTrace.getState();
  store.reset({ runDir: record.runDir, start: record.start, episodes: record.episodes, models: record.models, notes: record.notes, errors: record.firstError ? [record.firstError] : [], live: false });
  // Its first episode: a fork's run plays only the episode it re-ran ("has no episode 0" read the view before).
  mainTrace.setState({ selection: { episode: firstEpisode(mainTrace.getState().data), step: 0 }, followLive: false });
  return true;
}
