import { beforeEach, describe, expect, it } from "vitest";
import type { RunEvent } from "../../protocol/index.js";
import { useRun } from "./run-store.js";
import { runStatusParts, viewedRunText } from "./run-status-text.js";

const t = 0;
const step = (episode: number, n: number): RunEvent[] => [
  { type: "step.start", t, episode, step: n },
  { type: "step.end", t, episode, step: n, action: 0, reward: 0, done: false, ms: 1 },
];

describe("the status line's episode and step", () => {
  beforeEach(() => {
    useRun.getState().forget();
    useRun.getState().started("r1");
  });

  it("numbers them from 0, as the step view, the trace and the CLI's messages do: the first step is episode 0, step 0", () => {
    useRun.getState().receive("r1", [{ type: "episode.start", t, episode: 0 }, ...step(0, 0)]);
    expect(runStatusParts({ ...useRun.getState(), episodesPlanned: 200 })[0]).toBe("Running: episode 0 of 200, step 0");
  });

  it("says the step an error names (episode 12, step 3) as that step, and counts the steps played", () => {
    const events: RunEvent[] = [{ type: "run.start", t, runId: "gridworld-1", episodes: 100000 } as unknown as RunEvent];
    for (let episode = 0; episode < 12; episode++) {
      events.push({ type: "episode.start", t, episode }, ...step(episode, 0), { type: "episode.end", t, episode, steps: 1, return: 0, success: episode % 2 === 0, terminated: true, truncated: false, status: "ok" } as unknown as RunEvent);
    }
    events.push({ type: "episode.start", t, episode: 12 }, ...step(12, 0), ...step(12, 1), ...step(12, 2), ...step(12, 3));
    useRun.getState().receive("r1", events);
    expect(runStatusParts(useRun.getState())).toEqual(["Running: episode 12 of 100,000, step 3", "6/12 successes", "16 steps"]);
  });

  it("stays on the last step played while a run pauses between episodes, as the step view does", () => {
    useRun.getState().receive("r1", [{ type: "episode.start", t, episode: 4 }, ...step(4, 0), ...step(4, 1), { type: "episode.end", t, episode: 4, steps: 2 } as unknown as RunEvent, { type: "episode.start", t, episode: 5 }]);
    expect(useRun.getState()).toMatchObject({ episode: 4, step: 1, stepsTotal: 2 });
  });

  it("counts successes over the episodes that completed, the failed ones apart and one Stop cut short in neither, as the summary does", () => {
    const end = (episode: number, status: "completed" | "error" | "stopped", success: boolean) =>
      ({ type: "episode.end", t, episode, steps: 1, envSteps: 1, return: 0, success, terminated: true, truncated: false, ms: 1, status }) as RunEvent;
    useRun.getState().receive("r1", [{ type: "run.start", t, runId: "gridworld-1", episodes: 10 } as unknown as RunEvent, end(0, "completed", true), end(1, "error", false), end(2, "completed", false), end(3, "completed", true), end(4, "stopped", false)]);
    expect(runStatusParts({ ...useRun.getState(), phase: "stopping" })).toEqual(["Stopping: episode 0 of 10, step 0", "2/3 successes", "1 failed", "5 steps"]);
  });
});

describe("the status line of a world that says nothing of success (Pendulum)", () => {
  it("counts no successes: its episodes end with success null", () => {
    useRun.getState().forget();
    useRun.getState().started("r1");
    const end = (episode: number) => ({ type: "episode.end", t, episode, steps: 200, envSteps: 200, return: -700, success: null, terminated: false, truncated: true, ms: 1, status: "completed" }) as RunEvent;
    useRun.getState().receive("r1", [{ type: "run.start", t, runId: "pendulum-1", episodes: 50 } as unknown as RunEvent, end(0), end(1), { type: "episode.start", t, episode: 2 }, ...step(2, 0)]);
    expect(runStatusParts(useRun.getState())).toEqual(["Running: episode 2 of 50, step 0", "401 steps"]);
  });
});

describe("the status line's wording", () => {
  const counts = { outcome: null, episode: 27, step: 3, episodesPlanned: 2000, successes: 20, trials: 27, episodesFailed: 0, stepsTotal: 400 };

  it("names the phase in a word and the episodes planned as a count: Running, Pausing, Paused, Stopping", () => {
    expect(runStatusParts({ ...counts, phase: "running" })[0]).toBe("Running: episode 27 of 2,000, step 3");
    expect(runStatusParts({ ...counts, phase: "pausing" })[0]).toBe("Pausing: episode 27 of 2,000, step 3");
    expect(runStatusParts({ ...counts, phase: "paused" })[0]).toBe("Paused: episode 27 of 2,000, step 3");
    expect(runStatusParts({ ...counts, phase: "stopping" })[0]).toBe("Stopping: episode 27 of 2,000, step 3");
  });

  it("gives no count of one episode: a fork plays one, numbered as in the run it forks", () => {
    expect(runStatusParts({ ...counts, phase: "running", episode: 12, episodesPlanned: 1 })[0]).toBe("Running: episode 12, step 3");
  });

  it("says only that a run is starting until the host has answered", () => {
    expect(runStatusParts({ ...counts, phase: "starting" })).toEqual(["Starting the run…"]);
  });
});

describe("the status line of a past run in view", () => {
  const completed = (success: boolean | null) => ({ status: "completed" as const, success });

  it("counts as its summary does: an episode stopped midway is neither an episode nor a failure (499, 98.8 %, not 500, 98.6 %)", () => {
    const episodes = [...Array.from({ length: 493 }, () => completed(true)), ...Array.from({ length: 6 }, () => completed(false)), { status: "stopped" as const, success: false }];
    expect(viewedRunText(episodes)).toBe("Viewing a past run — 499 episodes, success 98.8\u00a0%");
  });

  it("counts the episodes that failed apart, as the Runs list does, and leaves them out of the success rate", () => {
    const episodes = [completed(true), completed(false), completed(true), completed(true), { status: "error" as const, success: false }];
    expect(viewedRunText(episodes)).toBe("Viewing a past run — 5 episodes (1 failed, left out of the figures), success 75.0\u00a0%");
  });

  it("counts a completed episode whose world said nothing as no success where others said something, as the summary does", () => {
    expect(viewedRunText([completed(true), completed(null)])).toBe("Viewing a past run — 2 episodes, success 50.0\u00a0%");
    expect(viewedRunText([completed(null), completed(null)])).toBe("Viewing a past run — 2 episodes, success n/a");
  });
});

describe("the status line of a run folder without a summary", () => {
  const episodes = [{ status: "completed" as const, success: true }, { status: "completed" as const, success: false }];

  it("says that another process still runs it, and at how many episodes it was read", () => {
    expect(viewedRunText(episodes, { status: "running elsewhere", player: { pid: 4242, host: "here", elsewhere: false } })).toBe(
      "Viewing a run still running in process 4242 (opened at 2 episodes), success 50.0\u00a0%",
    );
    expect(viewedRunText([...episodes, { status: "error", success: false }], { status: "running elsewhere", player: { pid: 4242, host: "here", elsewhere: false } })).toBe(
      "Viewing a run still running in process 4242 (opened at 3 episodes; 1 failed, left out of the figures), success 50.0\u00a0%",
    );
  });

  it("says that it was killed", () => {
    expect(viewedRunText(episodes, { status: "killed" })).toBe("Viewing a killed run (no summary) — 2 episodes, success 50.0\u00a0%");
    expect(viewedRunText(episodes, { status: "completed" })).toBe("Viewing a past run — 2 episodes, success 50.0\u00a0%");
  });
});
