import { describe, expect, it } from "vitest";
import { actionScatter, actionVector, extent } from "./action-vectors.js";
import type { CandidateTable } from "./candidate-table.js";

const table = (actions: unknown[], q?: (number | null)[]): CandidateTable => ({
  columns: [],
  rows: actions.map((action, i) => ({ action, ...(q ? { q: q[i] ?? null } : {}) })) as CandidateTable["rows"],
  verdicts: actions.map(() => ({ excluded: false, chosen: false })),
  score: q ? { name: "q", label: "Q", format: "number" } : null,
  final: true,
});

describe("continuous candidates in the step view", () => {
  it("plots the first two dimensions of vector actions", () => {
    expect(actionScatter(table([[1, 2, 9], [3, 4, 9]]))).toEqual({ x: { label: "action[0]" }, y: { label: "action[1]" }, points: [{ x: 1, y: 2, index: 0 }, { x: 3, y: 4, index: 1 }] });
  });

  it("plots one-dimensional actions against the score, leaving out rows without one", () => {
    const scatter = actionScatter(table([[0.5], [-1], [2]], [3, null, 1]));
    expect(scatter?.y.label).toBe("Q");
    expect(scatter?.points).toEqual([{ x: 0.5, y: 3, index: 0 }, { x: 2, y: 1, index: 2 }]);
    expect(actionScatter(table([[0.5], [-1]]))).toBeNull();
  });

  it("draws nothing for discrete or text actions", () => {
    expect(actionScatter(table([0, 1, 2], [1, 2, 3]))).toBeNull();
    expect(actionScatter(table(["buy", "look"]))).toBeNull();
    expect(actionVector(2)).toBeNull();
    expect(actionVector([])).toBeNull();
    expect(actionVector([0.25, -1])).toEqual([0.25, -1]);
  });

  it("gives every scale a span, with room around the points", () => {
    expect(extent([0, 10])).toEqual([-0.5, 10.5]);
    expect(extent([2, 2])).toEqual([1, 3]);
  });
});
