import { describe, expect, it } from "vitest";
import { stepWaitingOn, waitingText } from "./step-progress.js";
import type { StepDetail } from "./trace-types.js";

const step = (partial: Partial<StepDetail>): StepDetail => ({ episode: 9, step: 3, t: 0, nodes: [], ...partial });

describe("a step in progress", () => {
  it("waits on the calls started and not finished, while the run is live", () => {
    const detail = step({ nodes: [{ node: "env", kind: "environment", t: 0, ms: 1 }, { node: "policy", kind: "policy", t: 1 }] });
    expect(stepWaitingOn(detail, true)).toEqual(["policy"]);
    expect(waitingText(["policy"])).toBe("waiting for policy…");
    expect(waitingText(["a", "b", "c"])).toBe("waiting for a, b and c…");
    expect(waitingText([])).toBe("waiting for the next node…");
  });

  it("is not in progress once the run is over, a node failed, or the step ended", () => {
    const running = { node: "policy", kind: "policy", t: 1 };
    expect(stepWaitingOn(step({ nodes: [running] }), false)).toBeNull();
    expect(stepWaitingOn(step({ nodes: [{ ...running, error: "boom" }] }), true)).toBeNull();
  });
});
