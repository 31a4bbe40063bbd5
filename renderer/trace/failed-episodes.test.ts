import { describe, expect, it } from "vitest";
import type { EpisodeResult } from "../../protocol/index.js";
import { failedEpisodeBeside, failedEpisodeCount } from "./failed-episodes.js";

const result = (episode: number, status: EpisodeResult["status"], steps = 4): EpisodeResult => ({
  episode, status, steps, envSteps: steps, return: 0, success: null, terminated: false, truncated: false, ms: 1,
});

describe("failed episodes", () => {
  // Recorded in the order workers finished them, not by number.
  const episodes = [result(0, "completed"), result(5, "error", 2), result(2, "error", 7), result(3, "completed"), result(8, "error", 0)];

  it("finds the next and previous failed episode by number, at the step that failed", () => {
    expect(failedEpisodeBeside(episodes, 0, 1)).toEqual({ episode: 2, step: 7 });
    expect(failedEpisodeBeside(episodes, 2, 1)).toEqual({ episode: 5, step: 2 });
    expect(failedEpisodeBeside(episodes, 5, -1)).toEqual({ episode: 2, step: 7 });
    expect(failedEpisodeBeside(episodes, 8, 1)).toBeNull();
    expect(failedEpisodeBeside(episodes, 2, -1)).toBeNull();
  });

  it("counts them", () => {
    expect(failedEpisodeCount(episodes)).toBe(3);
  });
});
