import type { Transport } from "../../protocol/index.js";
import { liveIngest } from "../trace/ingest.js";
import { mainTrace } from "../trace/trace-store.js";

/** Shows a run folder from disk in the main view (its episodes; steps are read per episode as they are selected). */
export async function openRunInView(transport: Transport, runDir: string): Promise<void> {
  const record = await transport.openRun(runDir);
  liveIngest.release(mainTrace);
  const store = mainTrace.getState();
  store.reset({ runDir: record.runDir, start: record.start, episodes: record.episodes, models: record.models, live: false });
  mainTrace.setState({ selection: { episode: 0, step: 0 }, followLive: false });
}
