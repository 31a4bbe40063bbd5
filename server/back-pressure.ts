import { withoutStepDetail } from "../host/step-detail.js";
import type { Push } from "../protocol/index.js";

/** A client whose socket has more than this waiting to be sent gets live events without per-step detail. */
export const HIGH_WATER_BYTES = 1024 * 1024;

type EventsPush = Extract<Push, { push: "run.events" }>;

/** The batch a client that fell behind gets (host/step-detail.ts); `dropped` adds what was left out. */
export function pushWithoutStepDetail(push: EventsPush): EventsPush {
  const thinned = withoutStepDetail(push.events);
  return { ...push, events: thinned.events, dropped: push.dropped + thinned.dropped };
}
