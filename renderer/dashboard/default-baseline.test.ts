import { describe, expect, it } from "vitest";
import type { RunListing } from "../../protocol/index.js";
import { defaultBaseline } from "./default-baseline.js";

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
    expect(defaultBaseline(runs, "pendulum-worldmodel-1")).toBe("runs/pendulum-policy-only-1");
    expect(defaultBaseline(runs, "gridworld-vgps-1")).toBe("runs/gridworld-policy-only-2");
    expect(defaultBaseline(runs.slice(0, 2), "pendulum-worldmodel-1")).toBe("");
  });

  it("skips the shown run and runs with no episodes; without a known world any policy-only run will do", () => {
    const runs = [run("gridworld-policy-only-3", GRID, 0), run("gridworld-policy-only-2", undefined)];
    expect(defaultBaseline(runs, "gridworld-policy-only-2")).toBe("");
    expect(defaultBaseline(runs, null)).toBe("runs/gridworld-policy-only-2");
  });
});
