import { describe, expect, it } from "vitest";
import { runPhaseSentence } from "./run-phase-sentence.js";

const run = { phase: "running" as const, outcome: null, refused: false, episode: 12, step: 3 };

describe("runPhaseSentence", () => {
  it("says started, or resumed after a pause, and keeps quiet in between phases", () => {
    expect(runPhaseSentence("starting", run)).toBe("Run started.");
    expect(runPhaseSentence("paused", run)).toBe("Run resumed.");
    expect(runPhaseSentence("running", { ...run, phase: "stopping" })).toBeNull();
    expect(runPhaseSentence("running", { ...run, phase: "paused", episode: 1200 })).toBe("Run paused at episode 1,200, step 3.");
  });

  it("says how a run ended with its figures, not the first error's detail; a refusal points at Problems", () => {
    const ended = { ...run, phase: "ended" as const };
    expect(runPhaseSentence("running", { ...ended, outcome: "failed — 10 episodes, success 80.0 %; the first error: boom" })).toBe("Run failed: 10 episodes, success 80.0 %.");
    expect(runPhaseSentence("running", { ...ended, outcome: "crashed: out of memory" })).toBe("Run crashed: out of memory.");
    expect(runPhaseSentence("starting", { ...ended, outcome: "not started: 2 problems — …", refused: true })).toBe("Run refused: the pipeline has problems (listed under Problems).");
  });
});
