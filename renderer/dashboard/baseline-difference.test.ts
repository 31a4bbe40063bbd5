import { describe, expect, it } from "vitest";
import type { EpisodeResult } from "../../protocol/index.js";
import { baselineDifference } from "./baseline-difference.js";

function episodes(outcomes: readonly (boolean | null)[], status: EpisodeResult["status"] = "completed"): EpisodeResult[] {
  return outcomes.map((success, episode) => ({
    episode,
    status,
    steps: 10,
    envSteps: 10,
    return: success ? 1 : -1,
    success,
    terminated: true,
    truncated: false,
    ms: 1,
  }));
}

describe("baselineDifference", () => {
  it("says the shown run minus its baseline, with intervals, and which does better, as compare does", () => {
    const run = episodes(Array.from({ length: 200 }, (_, i) => i % 50 !== 0));
    const baseline = episodes(Array.from({ length: 200 }, (_, i) => i % 4 === 0));
    const said = baselineDifference(run, baseline)!;
    expect(said.figures).toMatch(/^success rate \+73\.0 pts \[\+\d+\.\d, \+\d+\.\d\] · mean return \+1\.46\d? \[/);
    expect(said.verdict).toBe("the interval of the success-rate difference excludes 0: this run succeeds more often");
  });

  it("judges by return where the world reports no success, and waits for a completed episode on both sides", () => {
    const said = baselineDifference(episodes([null, null, null]), episodes([null, null, null]))!;
    expect(said.figures).toMatch(/^mean return /);
    expect(said.verdict).toMatch(/^no success rate to compare/);
    expect(baselineDifference(episodes([true], "error"), episodes([true]))).toBeUndefined();
    expect(baselineDifference(episodes([true]), [])).toBeUndefined();
  });
});

describe("baselineDifference against a baseline whose world says nothing of success", () => {
  it("names the side that has no success rate", () => {
    const grid = episodes([true, true, false, true]);
    const pendulum = episodes([null, null, null]);
    expect(baselineDifference(grid, pendulum)!.verdict).toMatch(/^no success rate to compare \(the baseline's world says nothing of success; this run's does\)/);
    expect(baselineDifference(pendulum, grid)!.verdict).toMatch(/^no success rate to compare \(this run's world says nothing of success; the baseline's does\)/);
  });
});
