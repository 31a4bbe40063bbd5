import { describe, expect, it } from "vitest";
import { worldDifference } from "./world-difference.js";

describe("worldDifference", () => {
  const gym = { name: "gymnasium", id: "CartPole-v1", makeArgs: {}, timeoutMs: 10_000, snapshot: "auto" };

  it("says nothing of params that only say how the world is served (a process timeout, snapshots, the Python)", () => {
    expect(worldDifference(gym, { ...gym, timeoutMs: 20_000, snapshot: "off", python: "/opt/py/bin/python" }, "A", "B")).toBeUndefined();
  });

  it("names a param that makes the world", () => {
    expect(worldDifference(gym, { ...gym, timeoutMs: 20_000, id: "Acrobot-v1" }, "A", "B")).toBe(
      'A and B act in different worlds (their environments\' id: "CartPole-v1" and "Acrobot-v1"), so the difference is not the pipelines\' alone',
    );
  });
});
