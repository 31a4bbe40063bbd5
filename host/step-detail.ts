import type { RunEvent } from "../runtime/engine/events.js";

/** Per-step detail: what a live view can do without when it falls behind (trace.jsonl keeps it all). */
export function isStepDetail(type: RunEvent["type"]): boolean {
  return type === "node.start" || type === "node.end" || type === "step.start" || type === "step.end";
}

/**
 * `events` without per-step detail: run, episode, error, log and model events all kept (the
 * dashboard's curves and status come from them), and of the step detail only the last step.end
 * (so the view still shows where the run is). `dropped` counts what was left out.
 */
export function withoutStepDetail(events: readonly RunEvent[]): { events: RunEvent[]; dropped: number } {
  let lastStepEnd = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]!.type === "step.end") {
      lastStepEnd = i;
      break;
    }
  }
  const kept: RunEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (i !== lastStepEnd && isStepDetail(event.type)) continue;
    kept.push(event);
  }
  return { events: kept, dropped: events.length - kept.length };
}
