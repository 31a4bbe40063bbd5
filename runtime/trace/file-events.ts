import type { RunEvent } from "../engine/events.js";

/**
 * Whether an event has a line in trace.jsonl. A `step.start` is for live views only (the step in
 * progress): its time is its `step.end`'s `t − ms`, and at trace `steps` it was every other event
 * the file's writer handled (docs/trace-events.md, version 4).
 */
export function inTraceFile(event: RunEvent): boolean {
  return event.type !== "step.start";
}
