import { describe, expect, it } from "vitest";
import type { RunListing } from "../../protocol/index.js";
import { estimateTraceSize, formatBytes, TRACE_WARN_BYTES } from "./trace-size.js";

const run = (fields: Partial<RunListing>): RunListing => ({
  runDir: "runs/vgps-1",
  pipeline: "gridworld-vgps",
  startedAt: "2026-01-01T00:00:00.000Z",
  status: "completed",
  episodes: 200,
  episodesRequested: 200,
  successRate: 0.9,
  traceLevel: "full",
  ...fields,
});

/** The V-GPS template's nodes: a sampler draws 16 candidates. */
const vgps = [{ name: "gridworld" }, { variant: "heuristic" }, { n: 16, temperature: 1 }, { variant: "oracle" }, { column: "risk" }, { select: "argmax" }, { formats: ["jsonl"] }];

describe("the trace size estimate", () => {
  it("takes bytes per step and steps per episode from the newest own run at the same level", () => {
    const runs = [
      run({ runDir: "runs/newest-steps", traceLevel: "steps", traceBytes: 1e6, steps: 400 }),
      run({ runDir: "runs/newer-full", traceBytes: 23e6, steps: 3200 }),
      run({ runDir: "runs/older-full", traceBytes: 1e9, steps: 1000 }),
    ];
    const estimate = estimateTraceSize({ episodes: 5000, maxSteps: 100, level: "full", nodeParams: vgps }, runs);
    expect(estimate).toMatchObject({ basis: "measured", runDir: "runs/newer-full", bytesPerStep: 23e6 / 3200, stepsPerEpisode: 16 });
    // 5000 episodes × 16 steps × 7.2 kB: the "5000 episodes ≈ 600 MB".
    expect(estimate!.bytes).toBeCloseTo(575e6, -6);
  });

  it("counts failed episodes' steps, and never more steps per episode than maxSteps", () => {
    const failed = estimateTraceSize({ episodes: 10, maxSteps: 100, level: "full", nodeParams: vgps }, [run({ episodes: 0, episodesFailed: 4, traceBytes: 4000, steps: 40 })]);
    expect(failed).toMatchObject({ basis: "measured", stepsPerEpisode: 10, bytes: 10 * 10 * 100 });
    const capped = estimateTraceSize({ episodes: 10, maxSteps: 5, level: "full", nodeParams: vgps }, [run({ episodes: 1, traceBytes: 4000, steps: 40 })]);
    expect(capped).toMatchObject({ stepsPerEpisode: 5, bytes: 10 * 5 * 100 });
  });

  it("without a finished run at that level, bounds it: every episode to maxSteps, more with more nodes and candidates", () => {
    const runs = [run({ traceLevel: "steps", traceBytes: 1e6, steps: 400 }), run({ status: "running", traceBytes: undefined, steps: undefined })];
    const full = estimateTraceSize({ episodes: 100_000, maxSteps: 100, level: "full", nodeParams: vgps }, runs)!;
    expect(full.basis).toBe("bound");
    expect(full).toMatchObject({ candidates: 16 });
    expect(full.bytes).toBeGreaterThan(TRACE_WARN_BYTES.bound);
    const steps = estimateTraceSize({ episodes: 100_000, maxSteps: 100, level: "steps", nodeParams: vgps }, [])!;
    expect(steps.bytesPerStep).toBeLessThan(full.bytesPerStep);
    const oneCandidate = estimateTraceSize({ episodes: 100_000, maxSteps: 100, level: "full", nodeParams: vgps.map((params) => ({ ...params, n: 1 })) }, [])!;
    expect(oneCandidate.bytesPerStep).toBeLessThan(full.bytesPerStep);
    const fewerNodes = estimateTraceSize({ episodes: 100_000, maxSteps: 100, level: "full", nodeParams: vgps.slice(0, 4) }, [])!;
    expect(fewerNodes.bytesPerStep).toBeLessThan(full.bytesPerStep);
    expect(estimateTraceSize({ episodes: 5, maxSteps: 100, level: "full", nodeParams: vgps }, [])!.bytes).toBeLessThan(TRACE_WARN_BYTES.bound);
  });

  it("bounds a tree search's tree at its largest at full, and not at steps, where no tree is written", () => {
    const search = [...vgps, { algorithm: "best-first", maxNodes: 10_000, maxDepth: 30, branching: 4 }];
    const full = estimateTraceSize({ episodes: 200, maxSteps: 100, level: "full", nodeParams: search }, [])!;
    expect(full).toMatchObject({ basis: "bound", searchStates: 10_000 + 4 + 16 });
    expect(full.bytes).toBeGreaterThan(TRACE_WARN_BYTES.bound);
    const steps = estimateTraceSize({ episodes: 200, maxSteps: 100, level: "steps", nodeParams: search }, [])!;
    expect(steps).toMatchObject({ searchStates: 0 });
    expect(steps.bytesPerStep).toBe(estimateTraceSize({ episodes: 200, maxSteps: 100, level: "steps", nodeParams: vgps }, [])!.bytesPerStep);
  });

  it("says nothing for a run that traces episodes only", () => {
    expect(estimateTraceSize({ episodes: 1e7, maxSteps: 100, level: "off", nodeParams: vgps }, [])).toBeNull();
  });

  it("writes sizes in decimal units", () => {
    expect([formatBytes(512), formatBytes(3140), formatBytes(620e6), formatBytes(1.44e9)]).toEqual(["512 B", "3.1 kB", "620 MB", "1.4 GB"]);
  });
});
