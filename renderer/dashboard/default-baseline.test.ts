import { describe, expect, it } from "vitest";
import type { RunListing } from "../../protocol/index.js";
import { baselineLabel, baselineTitle, defaultBaseline, middleEllipsis, worldReportsSuccess } from "./default-baseline.js";
import { baselineChoices, worldDifference } from "./world-difference.js";

const GRID = '{"map":"lava-bridge","name":"gridworld"}';
const PENDULUM = '{"g":10,"name":"pendulum"}';
const run = (name: string, world: string | undefined, episodes = 10): RunListing => ({
  runDir: `runs/${name}`,
  pipeline: name.replace(/-\d+$/, ""),
  ...(world === undefined ? {} : { world }),
  startedAt: "2026-12-05T00:00:00Z",
  status: "completed",
  episodes,
  episodesRequested: episodes,
  successRate: null,
  traceLevel: "full",
});

describe("the dashboard's default baseline", () => {
  it("is the newest policy-only run in the shown run's world, never one in another world", () => {
    const runs = [run("gridworld-policy-only-2", GRID), run("pendulum-worldmodel-1", PENDULUM), run("pendulum-policy-only-1", PENDULUM), run("gridworld-vgps-1", GRID)];
    expect(defaultBaseline(runs, "pendulum-worldmodel-1", PENDULUM)).toBe("runs/pendulum-policy-only-1");
    expect(defaultBaseline(runs, "gridworld-vgps-1", GRID)).toBe("runs/gridworld-policy-only-2");
    expect(defaultBaseline(runs.slice(0, 2), "pendulum-worldmodel-1", PENDULUM)).toBe("");
  });

  it("skips the shown run and runs with no episodes; without a known world any policy-only run will do", () => {
    const runs = [run("gridworld-policy-only-3", GRID, 0), run("gridworld-policy-only-2", undefined)];
    expect(defaultBaseline(runs, "gridworld-policy-only-2", undefined)).toBe("");
    expect(defaultBaseline(runs, null, undefined)).toBe("runs/gridworld-policy-only-2");
  });
});

describe("the default baseline by what the run's pipeline is, and before a run", () => {
  const SHOP = '{"name":"shopping"}';
  it("is a run of a policy acting alone whatever its name (shopping-scripted), not one named policy-only that scores", () => {
    const runs = [{ ...run("shopping-stepq-1", SHOP), policyAlone: false }, { ...run("my-policy-only-1", SHOP), policyAlone: false }, { ...run("shopping-scripted-1", SHOP), policyAlone: true }];
    expect(defaultBaseline(runs, "shopping-stepq-1", SHOP)).toBe("runs/shopping-scripted-1");
    // Before a run, the open pipeline's world: a run of a policy alone in another world is no default.
    expect(defaultBaseline(runs, null, GRID)).toBe("");
  });

  it("before a run, charts success only where the world's newest run with episodes said it reports it", () => {
    const pendulum = { ...run("pendulum-policy-only-1", PENDULUM), successRate: null };
    const grid = { ...run("gridworld-policy-only-1", GRID), successRate: 0.4 };
    expect(worldReportsSuccess([pendulum, grid], PENDULUM)).toBe(false);
    expect(worldReportsSuccess([pendulum, grid], GRID)).toBe(true);
    expect(worldReportsSuccess([grid], PENDULUM)).toBeUndefined();
  });
});

describe("the Baseline select's labels", () => {
  const listed = (runDir: string, pipeline: string, extra: Partial<RunListing> = {}): RunListing => ({ ...run("x", undefined, 5), runDir, pipeline, ...extra });

  it("name the pipeline, when the run started and its episodes, within the 46 characters the select shows, not the whole folder name", () => {
    const label = baselineLabel(listed("runs/pointmass-policy-only-20261205-132309-391", "pointmass-policy-only"));
    expect(label).toBe("pointmass-policy-only, 12-05 13:23, 5 ep.");
    const long = baselineLabel(listed("runs/gridworld-vgps-with-a-very-long-pipeline-name-20261205-090000-001", "gridworld-vgps-with-a-very-long-pipeline-name", { episodes: 1200 }));
    expect(long).toBe("gridworld-v…eline-name, 12-05 09:00, 1,200 ep.");
    expect(long.length).toBeLessThanOrEqual(46);
  });

  it("mark a fork, prefer the run's own title, and cut an unstamped folder in the middle; the title says all", () => {
    const fork = listed("runs/pointmass-rawmpc-fork-20261205-132157-443", "pointmass-rawmpc", { episodes: 1, fork: { runDir: "runs/pointmass-rawmpc-20261205-132154-971", episode: 2, step: 5 } });
    expect(baselineLabel(fork)).toBe("pointmass-rawmpc (fork), 12-05 13:21, 1 ep.");
    expect(baselineTitle(fork)).toBe("runs/pointmass-rawmpc-fork-20261205-132157-443 (pointmass-rawmpc, 1 episode, a fork of pointmass-rawmpc-20261205-132154-971 at episode 2, step 5)");
    expect(baselineLabel(listed("runs/old", "gridworld-vgps", { notes: { title: "lr 3e-4", notes: "" } }))).toBe("old, 5 ep.");
    expect(baselineLabel(listed("runs/gridworld-vgps-20261205-090000", "gridworld-vgps", { notes: { title: "lr 3e-4", notes: "" } }))).toBe("lr 3e-4, 12-05 09:00, 5 ep.");
    expect(middleEllipsis("abcdefghij", 7)).toBe("abc…hij");
  });
});

describe("the Baseline list and a baseline in another world", () => {
  it("offers runs in the shown run's world first, and warns as the report does where the worlds differ", () => {
    const runs = [run("cartpole-vgps-1", '{"name":"cartpole"}'), run("gridworld-policy-only-2", GRID), run("gridworld-vgps-1", GRID)];
    const { sameWorld, otherWorlds } = baselineChoices(runs, GRID, (listed) => listed.runDir === "runs/gridworld-vgps-1");
    expect(sameWorld.map((listed) => listed.runDir)).toEqual(["runs/gridworld-policy-only-2"]);
    expect(otherWorlds.map((listed) => listed.runDir)).toEqual(["runs/cartpole-vgps-1"]);
    expect(worldDifference(GRID, '{"name":"cartpole"}', "This run", "the baseline")).toBe(
      `This run and the baseline act in different worlds (their environments' map: "lava-bridge" and unset), so the difference is not the pipelines' alone`,
    );
    expect(worldDifference(GRID, GRID, "This run", "the baseline")).toBeUndefined();
    expect(worldDifference(GRID, undefined, "This run", "the baseline")).toBeUndefined();
  });
});
