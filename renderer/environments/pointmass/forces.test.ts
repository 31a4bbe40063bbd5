import { describe, expect, it } from "vitest";
import { forceArrows, forceOf, positionOf } from "./forces.js";

describe("the point-mass view's candidate forces", () => {
  it("draws one arrow per two-number action, the filtered dashed and the chosen last", () => {
    const arrows = forceArrows(
      [
        { action: [1, 0], score: 0.4, excluded: false, chosen: true },
        { action: [0, -1], score: -1.2, excluded: true, reason: "risk 0.30 > 0.1", chosen: false },
        { action: 3, score: 1, excluded: false, chosen: false },
        { action: [0.5, 0.5], score: null, excluded: false, chosen: false },
      ],
      [1, 0],
    );
    expect(arrows.map((a) => [a.fx, a.fy, a.kind])).toEqual([
      [0, -1, "filtered"],
      [0.5, 0.5, "force"],
      [1, 0, "chosen"],
    ]);
    expect(arrows[0]!.title).toBe("force (0.00, -1.00), score -1.200, filtered: risk 0.30 > 0.1");
    expect(arrows[2]!.title).toMatch(/\(chosen\)$/);
  });

  it("reads the mass's position from an observation's first two numbers, and nothing from other shapes", () => {
    expect(positionOf([0.25, -0.5, 0, 0])).toEqual([0.25, -0.5]);
    expect(positionOf({ agent: [1, 2] })).toBeNull();
    expect(forceOf([1])).toBeNull();
    expect(forceOf(null)).toBeNull();
  });
});
