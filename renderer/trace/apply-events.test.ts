import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../protocol/index.js";
import { applyEvents } from "./apply-events.js";
import { emptyTrace } from "./trace-types.js";

const ended = (episode: number) =>
  ({ type: "episode.end", t: episode, episode, status: "completed", steps: 3, envSteps: 3, return: 1, success: true, terminated: true, truncated: false, ms: 1 }) as RunEvent;

describe("a live run watched from the middle", () => {
  it("counts an episode read back from its folder once, when its episode.end arrives live too", () => {
    const caughtUp = emptyTrace({ live: true, episodes: [0, 1, 2].map((n) => ({ ...(ended(n) as object) }) as never), readBack: new Set([0, 1, 2]) });
    const next = applyEvents(caughtUp, [ended(2), ended(3)]);
    expect(next.episodes.map((result) => result.episode)).toEqual([0, 1, 2, 3]);
  });
});
