import { describe, expect, it } from "vitest";
import { foresight } from "./fixtures/foresight-process.js";

// What `foresight run --set` says of a rollout's params, as a user reads it on stderr.

const LOOKAHEAD = "examples/gridworld-lookahead.foresight.json";

/** stderr's problem lines (those with a pointer), less the closing count. */
function problemLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.includes("#/"));
}

describe("rollout params given by --set", () => {
  it("reports a horizon of 0 once, with no second problem of hold's against it", () => {
    const result = foresight("run", LOOKAHEAD, "--episodes", "1", "--trace", "off", "--set", "rollout.horizon=0");
    expect(result.code).toBe(2);
    expect(problemLines(result.stderr)).toEqual([
      expect.stringMatching(/#\/nodes\/3\/params\/horizon \(node "rollout"\): horizon: Too small: .*>=1 \(given by --set rollout\.horizon=0\)$/),
    ]);
  });

  it("still compares hold with a horizon that parsed", () => {
    const result = foresight("run", LOOKAHEAD, "--episodes", "1", "--trace", "off", "--set", "rollout.horizon=2", "--set", "rollout.hold=3");
    expect(problemLines(result.stderr)).toEqual([expect.stringMatching(/#\/nodes\/3\/params\/hold .*: hold: 3 steps is longer than the horizon \(2\).* \(given by --set rollout\.hold=3\)$/)]);
  });
});
