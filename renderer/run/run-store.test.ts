import { beforeEach, describe, expect, it } from "vitest";
import type { RunEnded, RunSummary } from "../../protocol/index.js";
import { runControls } from "./run-controls.js";
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

  it("says a run is stopping once the host does, and a state sent before the stop does not take it back", () => {
    useRun.getState().started("r1");
    useRun.getState().hostState({ runId: "r1", state: "stopping", episodesDone: 4 });
    expect(useRun.getState()).toMatchObject({ phase: "stopping", episodesDone: 4 });
    // A "paused" the host sent before it heard of the stop, held behind the run's events.
    useRun.getState().hostState({ runId: "r1", state: "paused", episodesDone: 5 });
    expect(useRun.getState()).toMatchObject({ phase: "stopping", episodesDone: 5 });
    useRun.getState().ended(ended);
    expect(useRun.getState().phase).toBe("ended");
  });

  it("keeps a Stop shown at once when the host's earlier word arrives after it", () => {
    useRun.getState().started("r1");
    useRun.getState().setPhase("stopping");
    useRun.getState().hostState({ runId: "r1", state: "running", episodesDone: 2 });
    expect(useRun.getState().phase).toBe("stopping");
  });

  it("offers no control of a stopping run: Stop, Pause, Step and Run wait until it has ended", () => {
    expect(runControls("stopping", true)).toEqual({ run: false, pause: false, step: false, stop: false });
  });

  it("drives a run it attaches to while that run stops as stopping, not running", () => {
    useRun.getState().attach({ runId: "r2", runDir: "runs/gridworld-1", pipeline: "gridworld", path: "g.foresight.json", state: "stopping", episodesDone: 9, episodesRequested: 100 });
    expect(useRun.getState()).toMatchObject({ runId: "r2", phase: "stopping", folder: "gridworld-1" });
  });

  it("stays ended when a state change sent before the end is applied after it (a single step, then Stop)", () => {
    useRun.getState().started("r1");
    useRun.getState().hostState({ runId: "r1", state: "pausing", episodesDone: 10 });
    useRun.getState().ended(ended);
    // The "paused" the single step ended with, held for the live view's next frame.
    useRun.getState().hostState({ runId: "r1", state: "paused", episodesDone: 11 });
    expect(useRun.getState()).toMatchObject({ phase: "ended", outcome: "crashed: the worker thread exited" });
  });

  it("says how a finished run went as the Runs list does (shownPercent, counts with separators), its folder kept apart", () => {
    useRun.getState().started("r1");
    const summary = { status: "completed", episodes: 1200, episodesFailed: 0, successRate: { value: 0.985 } } as RunSummary;
    useRun.getState().ended({ runId: "r1", outcome: "finished", runDir: "runs/gridworld-vgps-1", summary });
    expect(useRun.getState()).toMatchObject({ outcome: "completed — 1,200 episodes, success 98.5\u00a0%", runDir: "runs/gridworld-vgps-1" });
  });

  it("says the episodes played with the failed apart, as `foresight run` does: not \"1 episode, 1 failed\" for two", () => {
    useRun.getState().started("r1");
    const summary = { status: "completed", episodes: 1, episodesFailed: 1, successRate: { value: 0 } } as RunSummary;
    useRun.getState().ended({ runId: "r1", outcome: "finished", runDir: "runs/gridworld-llm-1", summary });
    expect(useRun.getState().outcome).toBe("completed — 2 episodes (1 failed, left out of the figures), success 0.0\u00a0%");
  });

  it("says how many episodes ended without acting, and why", () => {
    useRun.getState().started("r1");
    const endedWithoutActing = { episodes: 3, first: { episode: 4, step: 0, why: "every candidate was filtered" } };
    const summary = { status: "completed", episodes: 12, episodesFailed: 0, successRate: { value: 0 }, endedWithoutActing } as RunSummary;
    useRun.getState().ended({ runId: "r1", outcome: "finished", runDir: "runs/gridworld-llm-1", summary });
    expect(useRun.getState().outcome).toBe("completed — 12 episodes, 3 ended without acting (every candidate was filtered), success 0.0\u00a0%");
  });

  it("keeps a paused run it leaves for a fork, with its counts, and drives it again as it stood", () => {
    useRun.getState().forget(true);
    useRun.getState().started("r1");
    useRun.getState().receive("r1", [{ type: "step.end", t: 0, episode: 7, step: 2, action: 0, reward: 0, done: false, ms: 1 }]);
    useRun.getState().hostState({ runId: "r1", state: "paused", episodesDone: 7 });
    useRun.getState().starting();
    useRun.getState().started("fork");
    expect(useRun.getState().left).toMatchObject([{ runId: "r1", phase: "paused", episode: 7, step: 2, episodesDone: 7 }]);
    useRun.getState().ended({ runId: "fork", outcome: "crashed", message: "gone" });
    useRun.getState().comeBack("r1", undefined);
    expect(useRun.getState()).toMatchObject({ runId: "r1", phase: "paused", episode: 7, step: 2, outcome: null, left: [] });
  });

  it("forgets a run it left once that run ends, or another document is loaded", () => {
    useRun.getState().forget(true);
    useRun.getState().started("r1");
    useRun.getState().hostState({ runId: "r1", state: "paused", episodesDone: 1 });
    useRun.getState().starting();
    useRun.getState().forget();
    expect(useRun.getState().left).toHaveLength(1);
    useRun.getState().ended({ runId: "r1", outcome: "crashed", message: "stopped elsewhere" });
    expect(useRun.getState().left).toHaveLength(0);
    useRun.getState().started("r2");
    useRun.getState().hostState({ runId: "r2", state: "paused", episodesDone: 1 });
    useRun.getState().starting();
    useRun.getState().forget(true);
    expect(useRun.getState().left).toHaveLength(0);
  });
});

describe("a run re-attached to after a reload", () => {
  beforeEach(() => useRun.getState().forget());
  const result = (episode: number, success: boolean) => ({ episode, status: "completed", steps: 10, envSteps: 10, return: 1, success, terminated: true, truncated: false, ms: 1 }) as const;

  it("counts the episodes read back from its folder in its successes and steps, so they agree with the host's episode count", () => {
    useRun.getState().attach({ runId: "r1", runDir: "runs/r1", pipeline: "p", path: "p.foresight.json", state: "paused", episodesDone: 3, episodesRequested: 100 });
    useRun.getState().readBack("r1", [result(0, true), result(1, false), result(2, true)]);
    expect(useRun.getState()).toMatchObject({ episodesDone: 3, trials: 3, successes: 2, stepsTotal: 30 });
    useRun.getState().receive("r1", [{ type: "episode.end", t: 5, ...result(3, true) }]);
    expect(useRun.getState()).toMatchObject({ episodesDone: 4, trials: 4, successes: 3, stepsTotal: 40 });
    // Another run's folder counts for nothing here.
    useRun.getState().readBack("r2", [result(0, true)]);
    expect(useRun.getState().trials).toBe(4);
  });

  it("counts an episode once when its folder offers it back after its live event counted it (the trace view lagged)", () => {
    useRun.getState().attach({ runId: "r1", runDir: "runs/r1", pipeline: "p", path: "p.foresight.json", state: "running", episodesDone: 2, episodesRequested: 100 });
    useRun.getState().receive("r1", [{ type: "episode.end", t: 5, ...result(2, true) }]);
    // The folder's read: episodes 0 and 1 from before the Watch, and 2, which the live stream counted.
    useRun.getState().readBack("r1", [result(0, true), result(1, false), result(2, true)]);
    expect(useRun.getState()).toMatchObject({ episodesDone: 3, trials: 3, successes: 2, stepsTotal: 30 });
    // A second read offers them all again.
    useRun.getState().readBack("r1", [result(0, true), result(1, false), result(2, true)]);
    expect(useRun.getState()).toMatchObject({ trials: 3, successes: 2, stepsTotal: 30 });
  });
});
