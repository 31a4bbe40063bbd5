import { isLive, type Transport } from "../../protocol/index.js";
import type { EditorDocument } from "../document/pipeline.js";
import { isRunOf } from "./document-runs.js";
import { estimateTraceSize, TRACE_WARN_BYTES, type TraceSizeEstimate } from "./trace-size.js";

/**
 * The estimate to show before running `doc` at its `full` trace level, when that trace would pass
 * TRACE_WARN_BYTES for its kind of estimate; null when it would not (or the level is lighter: `steps` is what we would offer).
 * Measured from the document's own finished runs when the host lists any, else bounded.
 */
export async function traceSizeWarning(transport: Transport, doc: EditorDocument, path: string | null): Promise<TraceSizeEstimate | null> {
  if (doc.run.trace !== "full") return null;
  let own: Awaited<ReturnType<Transport["listRuns"]>> = [];
  try {
    own = (await transport.listRuns()).filter((run) => !isLive(run.status) && isRunOf(run, doc, path));
  } catch {
    // No list to measure from: the bound still answers.
  }
  const estimate = estimateTraceSize({ episodes: doc.run.episodes, maxSteps: doc.run.maxSteps, level: "full", nodeParams: doc.nodes.map((node) => node.data.params) }, own);
  return estimate && estimate.bytes > TRACE_WARN_BYTES[estimate.basis] ? estimate : null;
}
