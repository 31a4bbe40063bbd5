import type { Transport } from "../../protocol/index.js";
import { mainTrace } from "../trace/trace-store.js";

/**
 * Fills the main view of a live run watched from the middle with what its run folder holds of the
 * time before: its run.start (the Dashboard's heading and baseline, the Step view), and the episodes
 * it ended before (the curves' x axis and the success count start at its episode 0, not at the Watch).
 * Episodes the view got live meanwhile are kept, not counted twice.
 */
export async function catchUpWith(transport: Transport, runId: string, runDir: string): Promise<void> {
  const record = await transport.openRun(runDir);
  mainTrace.setState((view) => {
    if (view.data.runId !== runId) return view;
    const seen = new Set(view.data.episodes.map((result) => result.episode));
    const earlier = record.episodes.filter((result) => !seen.has(result.episode));
    return {
      data: {
        ...view.data,
        start: view.data.start ?? record.start,
        episodes: [...earlier, ...view.data.episodes],
        models: view.data.models.length > 0 ? view.data.models : record.models,
        notes: view.data.notes.notes.length > 0 ? view.data.notes : record.notes,
      },
    };
  });
}
