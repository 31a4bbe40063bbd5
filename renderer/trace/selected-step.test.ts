import { describe, expect, it } from "vitest";
import type { EpisodeResult } from "../../protocol/index.js";
import { episodeCount, firstEpisode } from "./selected-step.js";
import { emptyTrace } from "./trace-types.js";

const result = (episode: number): EpisodeResult =>
  ({ episode, status: "completed", steps: 3, envSteps: 3, return: 1, success: true, terminated: true, truncated: false }) as EpisodeResult;

describe("the Step view's episode range", () => {
  it("runs from the lowest episode to the highest, whatever order a run with workers wrote them in", () => {
    // Two workers: the second worker's batch (500…) finished first and leads the file.
    const order = [...Array.from({ length: 500 }, (_, i) => 500 + i), ...Array.from({ length: 500 }, (_, i) => i)];
    const data = emptyTrace({ episodes: order.map(result) });
    expect(firstEpisode(data)).toBe(0);
    expect(episodeCount(data)).toBe(1000);
  });

  it("starts a fork's run at the episode it re-ran, and an empty run at 0", () => {
    const fork = emptyTrace({ episodes: [result(2)], start: { type: "run.start", fork: { runDir: "runs/a", episode: 2, step: 1 } } as never });
    expect(firstEpisode(fork)).toBe(2);
    expect(episodeCount(fork)).toBe(3);
    expect(firstEpisode(emptyTrace())).toBe(0);
    expect(episodeCount(emptyTrace())).toBe(0);
  });
});
