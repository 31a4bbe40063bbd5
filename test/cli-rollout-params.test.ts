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

  it("says which model file switching to a learned model needs, and that the --set asked for it", () => {
    const result = foresight("run", LOOKAHEAD, "--episodes", "1", "--trace", "off", "--set", "rollout.model.kind=onnx");
    expect(result.code).toBe(2);
    expect(problemLines(result.stderr)).toEqual([
      expect.stringMatching(/#\/nodes\/3\/params\/model\/path \(node "rollout"\): model\.path is required: the \.onnx dynamics model to simulate with \(given by --set rollout\.model\.kind=onnx\)$/),
    ]);
  });

  it("words a Q-scorer's and a policy's missing model file alike", () => {
    const q = foresight("run", "examples/gridworld-vgps.foresight.json", "--episodes", "1", "--trace", "off", "--set", "q.variant=onnx", "--set", "policy.variant=onnx");
    expect(problemLines(q.stderr)).toEqual([
      expect.stringMatching(/\(node "policy"\): model is required: the \.onnx policy model to sample actions from \(given by --set policy\.variant=onnx\)$/),
      expect.stringMatching(/\(node "q"\): model is required: the \.onnx Q-model to score candidates with \(given by --set q\.variant=onnx\)$/),
    ]);
  });
});

describe("a rollout's hold against an executor's chunk given by --set", () => {
  it("refuses a chunk the rollout did not score, naming both params", () => {
    const result = foresight("run", "examples/pendulum-chunks.foresight.json", "--episodes", "1", "--trace", "off", "--set", "executor.chunk=4");
    expect(result.code).toBe(2);
    expect(problemLines(result.stderr)).toEqual([expect.stringMatching(/#\/nodes\/3\/params\/hold \(node "rollout"\): hold 2 is not the chunk \(4\) of executor "executor": .* set hold to 4 \(or the executor's chunk to 2\)$/)]);
  });
});
