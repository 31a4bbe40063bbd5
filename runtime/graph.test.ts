import { describe, expect, it } from "vitest";
import { topologicalOrder } from "./graph.js";

describe("topologicalOrder", () => {
  it("keeps file order among independent nodes", () => {
    expect(topologicalOrder(["c", "a", "b"], [["a", "b"]])).toEqual({ ok: true, order: ["c", "a", "b"] });
  });

  it("finds the cycle", () => {
    const result = topologicalOrder(["a", "b", "c", "d"], [["a", "b"], ["b", "c"], ["c", "b"], ["c", "d"]]);
    expect(result).toEqual({ ok: false, cycle: ["b", "c", "b"] });
  });
});
