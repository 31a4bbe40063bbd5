import { describe, expect, it } from "vitest";
import { runMatches } from "./run-filter.js";
import type { RunListing } from "./runs.js";

const run = (set?: string[]): RunListing => ({
  runDir: "runs/gridworld-vgps-20261206-141426-679",
  pipeline: "gridworld-vgps",
  startedAt: "2026-12-06T14:14:26.679Z",
  status: "completed",
  episodes: 20,
  episodesRequested: 20,
  successRate: 0.9,
  traceLevel: "full",
  ...(set ? { set } : {}),
});

describe("runMatches", () => {
  it("matches the overrides as the run's row shows them, --set included", () => {
    const overridden = run(["sampler.n=4", "run.episodes=20"]);
    expect(runMatches(overridden, "--set sampler.n=4")).toBe(true);
    expect(runMatches(overridden, "sampler.n=4")).toBe(true);
    expect(runMatches(overridden, "--set sampler.n=4 run.episodes=20")).toBe(true);
    expect(runMatches(overridden, "--set sampler.n=8")).toBe(false);
  });

  it("finds by --set alone only the runs with overrides", () => {
    expect(runMatches(run(["sampler.n=4"]), "--set")).toBe(true);
    expect(runMatches(run(), "--set")).toBe(false);
  });
});
