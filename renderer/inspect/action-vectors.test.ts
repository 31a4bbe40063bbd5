import { describe, expect, it } from "vitest";
import { actionBound, actionScatter, actionVector, extent, tickText } from "./action-vectors.js";
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
    expect(actionScatter(table([[1, 2, 9], [3, 4, 9]]))).toEqual({ x: { label: "action[0]" }, y: { label: "action[1]", action: true }, points: [{ x: 1, y: 2, index: 0 }, { x: 3, y: 4, index: 1 }] });
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

  it("draws the chosen action's bars and the candidates' scatter on one action range: ± the largest magnitude, the executed action included", () => {
    expect(actionBound(table([[0.5, -1.5], [1, 0.25]]))).toBe(1.5);
    expect(actionBound(table([[0.5], [-1]]), [2])).toBe(2);
    expect(actionBound(table([[0], [0]]))).toBe(1);
    expect(actionBound(null, [-0.25])).toBe(0.25);
  });

  it("labels ticks at 4 significant digits with a true minus sign", () => {
    expect([-2, 0, 2, 3.0879, -0.78712, -0].map(tickText)).toEqual(["−2", "0", "2", "3.088", "−0.7871", "0"]);
  });
});
