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

  it("finds the cycle when nodes downstream of it come first in the file (they lead nowhere)", () => {
    // gridworld-vgps without its sampler, plus risk → q: executor and dataset are left over, downstream of the cycle.
    const nodes = ["env", "policy", "executor", "dataset", "q", "risk"];
    const edges = [["env", "policy"], ["env", "q"], ["q", "risk"], ["risk", "executor"], ["executor", "dataset"], ["risk", "q"]] as const;
    expect(topologicalOrder(nodes, edges)).toEqual({ ok: false, cycle: ["q", "risk", "q"] });
  });

  it("reads a longer cycle in the edges' direction, from its node first in the file", () => {
    const result = topologicalOrder(["out", "c", "b", "a"], [["a", "b"], ["b", "c"], ["c", "a"], ["c", "out"]]);
    expect(result).toEqual({ ok: false, cycle: ["c", "a", "b", "c"] });
  });

  it("ignores an edge from a node it was not given rather than calling its target a cycle", () => {
    expect(topologicalOrder(["a", "b"], [["gone", "a"], ["a", "b"]])).toEqual({ ok: true, order: ["a", "b"] });
  });
});
