import { describe, expect, it } from "vitest";
import { BATCHES_IN_FLIGHT, LiveEventBuffer } from "../host/live-event-buffer.js";
import type { RunEvent } from "../runtime/engine/events.js";

/** Stand-ins with the types that matter here: the buffer reads nothing else of an event. */
const event = (type: RunEvent["type"], n: number) => ({ type, n }) as unknown as RunEvent;
const step = (n: number) => [event("step.start", n), event("node.start", n), event("node.end", n), event("step.end", n)];

function buffer() {
  const sent: { events: RunEvent[]; dropped: number }[] = [];
  return { sent, live: new LiveEventBuffer((events, dropped) => sent.push({ events, dropped })) };
}

describe("LiveEventBuffer: the host's pace as back-pressure", () => {
  it("sends every event while the host keeps up", () => {
    const { sent, live } = buffer();
    for (let n = 0; n < 5; n++) {
      for (const e of step(n)) live.add(e);
      live.flush();
      live.taken();
    }
    expect(sent.flatMap((batch) => batch.events)).toHaveLength(20);
    expect(sent.every((batch) => batch.dropped === 0)).toBe(true);
  });

  it("holds on while batches are untaken, leaving out step detail but the latest step.end, and keeps every other event in order", () => {
    const { sent, live } = buffer();
    for (let n = 0; n < BATCHES_IN_FLIGHT; n++) {
      live.add(event("episode.start", n));
      live.flush();
    }
    expect(sent).toHaveLength(BATCHES_IN_FLIGHT);
    // The host is behind: what comes now is held, thinned.
    live.add(event("episode.start", 10));
    for (const e of step(10)) live.add(e);
    live.flush();
    for (const e of step(11)) live.add(e);
    live.add(event("episode.end", 11));
    live.add(event("log", 12));
    for (const e of step(12)) live.add(e);
    live.flush();
    expect(sent).toHaveLength(BATCHES_IN_FLIGHT);
    live.taken();
    expect(sent).toHaveLength(BATCHES_IN_FLIGHT + 1);
    const { events, dropped } = sent.at(-1)!;
    expect(events.map((e) => `${e.type} ${(e as unknown as { n: number }).n}`)).toEqual(["episode.start 10", "episode.end 11", "log 12", "step.end 12"]);
    // 12 events of step detail came; one was sent.
    expect(dropped).toBe(11);
    // Caught up: detail flows again.
    for (let n = 0; n < BATCHES_IN_FLIGHT; n++) live.taken();
    for (const e of step(13)) live.add(e);
    live.flush();
    expect(sent.at(-1)).toEqual({ events: step(13), dropped: 0 });
  });

  it("puts the latest step.end where it came, before the events after it", () => {
    const { sent, live } = buffer();
    for (let n = 0; n < BATCHES_IN_FLIGHT; n++) {
      live.add(event("log", n));
      live.flush();
    }
    for (const e of step(5)) live.add(e);
    live.flush();
    live.add(event("episode.end", 5));
    live.taken();
    expect(sent.at(-1)!.events.map((e) => e.type)).toEqual(["step.end", "episode.end"]);
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
