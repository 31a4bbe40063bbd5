import { useEditor } from "../document/editor-store.js";
import { forksWithCanvas } from "../fork/fork-run.js";
import { useShownTrace, useTrace } from "../trace/trace-store.js";

/**
 * The error message of the node's last failed call in the run shown (the one its status badge
 * names), or null: none, or a run of another pipeline, whose node ids say nothing of this one's.
 */
export function useRunError(nodeId: string): string | null {
  const store = useShownTrace((shown) => shown.store);
  const runPipeline = useTrace(store, (view) => view.data.start?.pipeline);
  const ofCanvas = useEditor((state) => forksWithCanvas(runPipeline, state.doc));
  return useTrace(store, (view) => (ofCanvas ? (view.data.nodeStatus[nodeId]?.lastError?.message ?? view.data.errors.findLast((failure) => failure.node === nodeId)?.message ?? null) : null));
}
