import type { StepDetail } from "./trace-types.js";

/**
 * The nodes a step of a live run still waits on, or null when the step is not in progress (it ended,
 * a node failed, or the run is over: a step Stop cut short is not waiting on anything). Empty while the
 * step is between two calls. A slow node (an LLM's) leaves a step with no candidates for seconds: the
 * view says what it waits for instead of reading as a step that has none.
 */
export function stepWaitingOn(detail: StepDetail, live: boolean): string[] | null {
  if (!live || detail.end || detail.nodes.some((run) => run.error !== undefined)) return null;
  return detail.nodes.filter((run) => run.ms === undefined).map((run) => run.node);
}

/** "waiting for policy…", "waiting for policy and q…", or "between nodes…" when no call is under way. */
export function waitingText(nodes: readonly string[]): string {
  if (nodes.length === 0) return "waiting for the next node…";
  const names = nodes.length === 1 ? nodes[0]! : `${nodes.slice(0, -1).join(", ")} and ${nodes.at(-1)!}`;
  return `waiting for ${names}…`;
}
