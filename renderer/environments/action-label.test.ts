import { describe, expect, it } from "vitest";
import type { Scene } from "../../protocol/index.js";
import { actionLabeller } from "./EnvironmentView.js";

describe("an action's label in the step view", () => {
  it("shows a vector's fractions at 4 significant digits and keeps integers and text as they are", () => {
    const label = actionLabeller(undefined, undefined);
    expect(label([1, 0.7673088161456797, -1.0912345])).toBe("[1,0.7673,-1.091]");
    expect(label(3)).toBe("3");
    expect(label("search[red shirt]")).toBe("search[red shirt]");
    expect(label({ move: [0.123456, 2] })).toBe('{"move":[0.1235,2]}');
  });

  it("names a discrete action by the action space's labels, unless a label only repeats the index", () => {
    expect(actionLabeller(undefined, ["push left", "push right"])(1)).toBe("1 (push right)");
    // An external environment with no names of its own labels its actions by their numbers.
    expect(actionLabeller(undefined, ["0", "1"])(1)).toBe("1");
    expect(actionLabeller(undefined, ["up"])(4)).toBe("4");
  });

  it("names a continuous action by its scene's view where the action space has no names", () => {
    const pointMass = { kind: "pointmass", half: 1, goal: { x: 0.5, y: 0.5, r: 0.1 }, obstacles: [] } as unknown as Scene;
    expect(actionLabeller(pointMass, undefined)([0.5, -1])).toBe("[0.5,-1] (force 0.50, -1.00)");
  });
});
