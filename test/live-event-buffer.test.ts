import { describe, expect, it } from "vitest";
import { BATCHES_IN_FLIGHT, LiveEventBuffer } from "../host/live-event-buffer.js";
import { withoutStepDetail } from "../host/step-detail.js";
import type { RunEvent } from "../runtime/engine/events.js";

/** Stand-ins with the fields that matter here: the buffer reads nothing else of an event. */
const event = (type: RunEvent["type"], episode: number, step = 0) => ({ type, episode, step }) as unknown as RunEvent;
const step = (episode: number, n: number) => [event("step.start", episode, n), event("node.start", episode, n), event("node.end", episode, n), event("step.end", episode, n)];
const names = (events: RunEvent[]) => events.map((e) => `${e.type} ${(e as { episode: number }).episode}:${(e as { step: number }).step}`);

function buffer() {
  const sent: { events: RunEvent[]; dropped: number }[] = [];
  const live = new LiveEventBuffer((events, dropped) => sent.push({ events, dropped }));
  /** The host falls behind: BATCHES_IN_FLIGHT batches sent, none taken. */
  const fallBehind = () => {
    for (let n = 0; n < BATCHES_IN_FLIGHT; n++) {
      live.add(event("node.log", -1));
      live.flush();
    }
  };
  return { sent, live, fallBehind };
}

describe("LiveEventBuffer: the host's pace as back-pressure", () => {
  it("sends every event while the host keeps up", () => {
    const { sent, live } = buffer();
    for (let n = 0; n < 5; n++) {
      for (const e of step(0, n)) live.add(e);
      live.flush();
      live.taken();
    }
    expect(sent.flatMap((batch) => batch.events)).toHaveLength(20);
    expect(sent.every((batch) => batch.dropped === 0)).toBe(true);
  });

  it("holds on while batches are untaken, leaving out all step detail but the latest step, whole, and keeps every other event in order", () => {
    const { sent, live, fallBehind } = buffer();
    fallBehind();
    expect(sent).toHaveLength(BATCHES_IN_FLIGHT);
    live.add(event("episode.start", 10));
    for (const e of step(10, 0)) live.add(e);
    live.flush();
    for (const e of step(10, 1)) live.add(e);
    live.add(event("episode.end", 10));
    live.add(event("episode.start", 11));
    for (const e of step(11, 0)) live.add(e);
    // A step in progress as the batch goes: its start is kept (the rest comes in the next batch).
    live.add(event("step.start", 11, 1));
    live.flush();
    expect(sent).toHaveLength(BATCHES_IN_FLIGHT);
    live.taken();
    expect(sent).toHaveLength(BATCHES_IN_FLIGHT + 1);
    const { events, dropped } = sent.at(-1)!;
    expect(names(events)).toEqual(["episode.start 10:0", "episode.end 10:0", "episode.start 11:0", ...names(step(11, 0)), "step.start 11:1"]);
    expect(dropped).toBe(8);
    // Caught up: detail flows again.
    for (let n = 0; n < BATCHES_IN_FLIGHT; n++) live.taken();
    for (const e of step(12, 0)) live.add(e);
    live.flush();
    expect(sent.at(-1)).toEqual({ events: step(12, 0), dropped: 0 });
  });

  it("thins what gathered before the host fell behind as well", () => {
    const { sent, live, fallBehind } = buffer();
    fallBehind();
    for (let n = 0; n < 3; n++) for (const e of step(0, n)) live.add(e);
    live.add(event("episode.end", 0));
    live.flush();
    live.taken();
    expect(names(sent.at(-1)!.events)).toEqual([...names(step(0, 2)), "episode.end 0:0"]);
    expect(sent.at(-1)!.dropped).toBe(8);
  });

  it("sends anyway when asked to (a pause, the run's end), however far behind the host is", () => {
    const { sent, live } = buffer();
    for (let n = 0; n < BATCHES_IN_FLIGHT + 3; n++) {
      live.add(event("episode.end", n));
      live.flush(true);
    }
    expect(sent).toHaveLength(BATCHES_IN_FLIGHT + 3);
    live.flush(true);
    expect(sent).toHaveLength(BATCHES_IN_FLIGHT + 3);
  });
});

describe("withoutStepDetail (a batch for a client that fell behind)", () => {
  it("keeps the last step that ended, whole, and the one in progress, in their places", () => {
    const batch = [event("episode.start", 0), ...step(0, 0), ...step(0, 1), event("episode.end", 0), event("episode.start", 1), event("step.start", 1, 0), event("node.start", 1, 0)];
    const { events, dropped } = withoutStepDetail(batch);
    expect(names(events)).toEqual(["episode.start 0:0", ...names(step(0, 1)), "episode.end 0:0", "episode.start 1:0", "step.start 1:0", "node.start 1:0"]);
    expect(dropped).toBe(4);
  });
});
