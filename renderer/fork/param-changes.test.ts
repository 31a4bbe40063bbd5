import { describe, expect, it } from "vitest";
import { paramChanges, shownValue } from "./param-changes.js";

const pipeline = (nodes: unknown[]) => ({ format: "foresight/pipeline", version: 2, name: "p", nodes });

describe("the params a fork changed", () => {
  it("names each changed param by node id and JSON pointer, with its value before and after", () => {
    const before = pipeline([
      { id: "env", kind: "environment", params: { name: "gridworld", size: 8 } },
      { id: "filter", kind: "risk-filter", params: { threshold: 0.2, keep: { min: 1 } } },
    ]);
    const after = pipeline([
      { id: "env", kind: "environment", params: { name: "gridworld", size: 8 } },
      { id: "filter", kind: "risk-filter", params: { threshold: 0.5, keep: { min: 2 }, extra: true } },
    ]);
    expect(paramChanges(before, after)).toEqual([
      { nodeId: "filter", pointer: "/threshold", before: 0.2, after: 0.5 },
      { nodeId: "filter", pointer: "/keep/min", before: 1, after: 2 },
      { nodeId: "filter", pointer: "/extra", before: undefined, after: true },
    ]);
  });

  it("finds no change in the same pipeline, whatever else of the file differs (positions, titles)", () => {
    const nodes = [{ id: "env", kind: "environment", params: { size: 8 } }];
    expect(paramChanges(pipeline(nodes), { ...pipeline([{ ...nodes[0], title: "Grid", position: { x: 1, y: 2 } }]), description: "d" })).toEqual([]);
  });

  it("names a node only one side has, as a whole", () => {
    const changes = paramChanges(pipeline([{ id: "a", params: { x: 1 } }]), pipeline([{ id: "b", params: {} }]));
    expect(changes).toEqual([
      { nodeId: "a", pointer: "", before: { x: 1 }, after: undefined },
      { nodeId: "b", pointer: "", before: undefined, after: {} },
    ]);
    expect(changes.map((change) => `${shownValue(change.before)} → ${shownValue(change.after)}`)).toEqual(['{"x":1} → (none)', "(none) → {}"]);
  });
});
