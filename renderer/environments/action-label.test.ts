import { describe, expect, it } from "vitest";
import { actionLabeller } from "./EnvironmentView.js";

describe("an action's label in the step view", () => {
  const label = actionLabeller(undefined);
  it("shows a vector's fractions at 4 significant digits and keeps integers and text as they are", () => {
    expect(label([1, 0.7673088161456797, -1.0912345])).toBe("[1,0.7673,-1.091]");
    expect(label(3)).toBe("3");
    expect(label("search[red shirt]")).toBe("search[red shirt]");
    expect(label({ move: [0.123456, 2] })).toBe('{"move":[0.1235,2]}');
  });
});
