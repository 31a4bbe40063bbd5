import { describe, expect, it } from "vitest";
import type { NodeFailure } from "../../runtime/engine/events.js";
import { exitIfNotCompleted, type ReportedRun } from "./run.js";

/** A failed run's reason as `foresight run` prints it (after "foresight: "). */
function reason(error: NodeFailure): string {
  const run = { runDir: "runs/r", summary: { status: "failed", episodes: 0, episodesRequested: 20, episodesFailed: 0, error } } as unknown as ReportedRun;
  try {
    exitIfNotCompleted(run);
  } catch (thrown) {
    return (thrown as Error).message;
  }
  throw new Error("the run was taken as completed");
}

describe("a failed run's reason", () => {
  it("names the node, the episode and the step where a node failed", () => {
    expect(reason({ node: "q", kind: "q-scorer", episode: 3, step: 12, message: "bad tensor" })).toBe('run failed: node "q" (q-scorer) at episode 3, step 12: bad tensor (run folder: runs/r)');
    expect(reason({ node: "q", kind: "q-scorer", episode: -1, step: -1, message: "bad tensor" })).toBe('run failed: node "q" (q-scorer) while starting: bad tensor (run folder: runs/r)');
  });

  it("gives a failure of the run itself (no node, e.g. a queued batch) its own message, without an empty node", () => {
    const batch = "batch 0-19 failed: worker lost";
    expect(reason({ node: "", kind: "", episode: -1, step: -1, message: batch })).toBe(`run failed: ${batch} (run folder: runs/r)`);
    expect(reason({ node: "", kind: "", episode: 4, step: 7, message: "out of memory" })).toBe("run failed: at episode 4, step 7: out of memory (run folder: runs/r)");
  });
});
