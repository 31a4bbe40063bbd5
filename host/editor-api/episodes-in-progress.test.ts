import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../protocol/index.js";
import { EpisodesInProgress, STEPS_KEPT_PER_EPISODE } from "./episodes-in-progress.js";

const episodeStart = (episode: number): RunEvent => ({ type: "episode.start", t: 0, episode });
const step = (episode: number, n: number): RunEvent[] => [
  { type: "step.start", t: n, episode, step: n },
  { type: "node.start", t: n, episode, step: n, node: "policy", kind: "policy" },
  { type: "node.end", t: n, episode, step: n, node: "policy", kind: "policy", ms: 1, inputs: {}, outputs: {} },
  { type: "step.end", t: n, episode, step: n, action: 0, reward: 1, done: false, ms: 1 },
];
const episodeEnd = (episode: number): RunEvent => ({
  type: "episode.end",
  t: 9,
  episode,
  status: "completed",
  steps: 1,
  envSteps: 1,
  return: 1,
  success: null,
  terminated: true,
  truncated: false,
  ms: 1,
});

describe("EpisodesInProgress", () => {
  it("numbers each batch's events from where the last batch left off", () => {
    const kept = new EpisodesInProgress();
    expect(kept.add([{ type: "run.start" } as RunEvent, episodeStart(0)])).toBe(0);
    expect(kept.add(step(0, 0))).toBe(2);
    expect(kept.add(step(0, 1))).toBe(6);
  });

  it("keeps the episode in progress, numbered in publishing order, and lets an ended one go", () => {
    const kept = new EpisodesInProgress();
    kept.add([{ type: "run.start" } as RunEvent, { type: "model.load" } as RunEvent, episodeStart(0), ...step(0, 0), episodeEnd(0)]);
    kept.add([episodeStart(1), ...step(1, 0)]);
    kept.add(step(1, 1));
    const events = kept.events();
    expect(events.map((numbered) => numbered.index)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(events.every((numbered) => !("episode" in numbered.event) || numbered.event.episode === 1)).toBe(true);
    expect(events[0]!.event.type).toBe("episode.start");
  });

  it("keeps only the last steps of a long episode, and its start", () => {
    const kept = new EpisodesInProgress();
    kept.add([episodeStart(0)]);
    for (let n = 0; n < STEPS_KEPT_PER_EPISODE + 50; n++) kept.add(step(0, n));
    const events = kept.events();
    expect(events.length).toBe(1 + 4 * STEPS_KEPT_PER_EPISODE);
    expect(events[0]!.event.type).toBe("episode.start");
    expect(events[1]!.event).toMatchObject({ type: "step.start", step: 50 });
    expect(events.at(-1)!.event).toMatchObject({ type: "step.end", step: STEPS_KEPT_PER_EPISODE + 49 });
  });

  it("keeps the episodes of parallel threads apart, each bounded alone", () => {
    const kept = new EpisodesInProgress();
    kept.add([episodeStart(0), episodeStart(1), ...step(0, 0), ...step(1, 0), ...step(0, 1)]);
    kept.add([episodeEnd(0)]);
    expect(kept.events().map((numbered) => numbered.event.type === "episode.start" || ("step" in numbered.event && numbered.event.episode))).toEqual([true, 1, 1, 1, 1]);
  });

  it("holds nothing once the run has ended its episodes", () => {
    const kept = new EpisodesInProgress();
    kept.add([episodeStart(0), ...step(0, 0), episodeEnd(0), { type: "run.end" } as RunEvent]);
    expect(kept.events()).toEqual([]);
  });
});
