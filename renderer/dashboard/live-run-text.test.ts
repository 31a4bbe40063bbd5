import { describe, expect, it } from "vitest";
import type { LiveRun } from "../../protocol/index.js";
import { liveRunName, liveRunStatus } from "./live-run-text.js";

const run = (fields: Partial<LiveRun>): LiveRun => ({ runId: "r1", runDir: null, pipeline: "gridworld-vgps", path: "examples/gridworld-vgps.foresight.json", state: "running", episodesDone: 0, episodesRequested: 0, ...fields });

describe("a live run in the Going now list", () => {
  it("is named by its pipeline and said to be starting until its folder exists, not shown with 0/0 episodes", () => {
    expect([liveRunName(run({})), liveRunStatus(run({}))]).toEqual(["gridworld-vgps", "starting"]);
    expect(liveRunName(run({ pipeline: "" }))).toBe("examples/gridworld-vgps.foresight.json");
  });

  it("is named by its folder and shows its state and episodes once the folder exists", () => {
    const going = run({ runDir: "/runs/gridworld-vgps-20261202-101500-000", state: "paused", episodesDone: 12, episodesRequested: 100 });
    expect([liveRunName(going), liveRunStatus(going)]).toEqual(["gridworld-vgps-20261202-101500-000", "paused · 12/100 episodes"]);
    expect(liveRunName(run({ runDir: "C:\\runs\\a-run" }))).toBe("a-run");
    expect(liveRunStatus({ ...going, episodesDone: 12500, episodesRequested: 100000 })).toBe("paused · 12,500/100,000 episodes");
  });
});
