import type { Push, RunEvent } from "../protocol/index.js";

/** A client whose socket has more than this waiting to be sent gets live events without per-step detail. */
export const HIGH_WATER_BYTES = 1024 * 1024;

type EventsPush = Extract<Push, { push: "run.events" }>;

/**
 * The batch a client that fell behind gets: run, episode, error, log and model events all kept (the
 * dashboard's curves and status come from them), per-step detail left out — node.start, node.end,
 * step.start, and every step.end but the batch's last (so the view still shows where the run is).
 * `dropped` counts what was left out; trace.jsonl keeps everything.
 */
export function withoutStepDetail(push: EventsPush): EventsPush {
  const { events } = push;
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
  return { ...push, events: kept, dropped: push.dropped + events.length - kept.length };
}

function isStepDetail(type: RunEvent["type"]): boolean {
  return type === "node.start" || type === "node.end" || type === "step.start" || type === "step.end";
}
