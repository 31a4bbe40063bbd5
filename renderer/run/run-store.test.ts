import { beforeEach, describe, expect, it } from "vitest";
import type { RunEnded } from "../../protocol/index.js";
import { useRun } from "./run-store.js";

const ended: RunEnded = { runId: "r1", outcome: "crashed", message: "the worker thread exited" };

describe("the run the toolbar drives", () => {
  beforeEach(() => useRun.getState().forget());

  it("follows the host's word on its state while it goes on", () => {
    useRun.getState().started("r1");
    useRun.getState().hostState({ runId: "r1", state: "paused", episodesDone: 3 });
    expect(useRun.getState()).toMatchObject({ phase: "paused", episodesDone: 3 });
    useRun.getState().hostState({ runId: "other", state: "running", episodesDone: 0 });
    expect(useRun.getState().phase).toBe("paused");
  });

  it("stays ended when a state change sent before the end is applied after it (a single step, then Stop)", () => {
    useRun.getState().started("r1");
    useRun.getState().hostState({ runId: "r1", state: "pausing", episodesDone: 10 });
    useRun.getState().ended(ended);
    // The "paused" the single step ended with, held for the live view's next frame.
    useRun.getState().hostState({ runId: "r1", state: "paused", episodesDone: 11 });
    expect(useRun.getState()).toMatchObject({ phase: "ended", outcome: "crashed: the worker thread exited" });
  });
});
