import { describe, expect, it } from "vitest";
import { createGridWorld } from "./create.js";

const up = 0;
const right = 1;
const down = 2;
const left = 3;

function world(layout: string[], slip = 0, gamma = 0.9) {
  return createGridWorld({ map: "custom", layout, size: 9, slip, gamma });
}

describe("exactQ without slip", () => {
  it("values a step into an adjacent goal at +1 and a bump at the step cost plus the discounted start", () => {
    const q = world(["SG"]).exactQ();
    // V(S) = 1 (step right into G). A bump stays at S: −0.01 + 0.9·1.
    expect(q[right]).toBeCloseTo(1, 10);
    expect(q[up]).toBeCloseTo(-0.01 + 0.9 * 1, 10);
    expect(q[down]).toBeCloseTo(0.89, 10);
    expect(q[left]).toBeCloseTo(0.89, 10);
  });

  it("discounts the goal by one step from two cells away", () => {
    const q = world(["S.G"]).exactQ();
    // Q(S, right) = −0.01 + γ·V(middle), V(middle) = 1.
    const valueOfStart = -0.01 + 0.9 * 1;
    expect(q[right]).toBeCloseTo(valueOfStart, 10);
    // Bumping keeps the agent at S: −0.01 + γ·V(S).
    expect(q[left]).toBeCloseTo(-0.01 + 0.9 * valueOfStart, 10);
    expect(q[up]).toBeCloseTo(0.791, 10);
  });

  it("prices a step into lava at −1 with nothing after it", () => {
    const q = world(["LS.G"]).exactQ();
    expect(q[left]).toBeCloseTo(-1, 10);
    expect(q[right]).toBeCloseTo(-0.01 + 0.9 * 1, 10);
    expect(q[down]).toBeCloseTo(-0.01 + 0.9 * 0.89, 10);
  });

  it("finds the detour around lava and prices it by its length", () => {
    // S→G straight is lava; the detour goes down, right, right, up: 3 step costs, then +1.
    const q = world(["SLG", "..."]).exactQ();
    expect(q[right]).toBeCloseTo(-1, 10);
    expect(q[down]).toBeCloseTo(-0.01 - 0.9 * 0.01 - 0.81 * 0.01 + 0.729 * 1, 10);
  });

  it("solves gamma = 1 even beside a walled-off region no episode can end from", () => {
    const q = world(["S.G", "###", "..."], 0, 1).exactQ();
    expect(q[right]).toBeCloseTo(0.99, 10);
  });
});

describe("exactQ with slip", () => {
  // One row, slip 0.2: the sideways moves bump into the edge, so each attempt goes
  // as intended with 0.8 and stays put with 0.2. Going right is optimal everywhere:
  //   V(M) = 0.8·1 + 0.2·(−0.01 + 0.9·V(M))                  ⇒ V(M) = 0.798 / 0.82
  //   V(S) = 0.8·(−0.01 + 0.9·V(M)) + 0.2·(−0.01 + 0.9·V(S))  ⇒ V(S) = (−0.01 + 0.72·V(M)) / 0.82
  const valueOfMiddle = 0.798 / 0.82;
  const valueOfStart = (-0.01 + 0.72 * valueOfMiddle) / 0.82;

  it("matches the hand-solved Bellman equations on S.G", () => {
    const q = world(["S.G"], 0.2).exactQ();
    expect(q[right]).toBeCloseTo(valueOfStart, 10);
    // Up: bumps with 0.8 + 0.1 (left slip), reaches the middle with 0.1 (right slip).
    expect(q[up]).toBeCloseTo(0.9 * (-0.01 + 0.9 * valueOfStart) + 0.1 * (-0.01 + 0.9 * valueOfMiddle), 10);
  });

  it("charges the lava by the chance of actually entering it", () => {
    const q = world(["LS.G"], 0.2).exactQ();
    // Left enters lava with 0.8, and bumps (stays at S) with 0.2.
    expect(q[left]).toBeCloseTo(0.8 * -1 + 0.2 * (-0.01 + 0.9 * valueOfStart), 10);
  });

  it("avoids a one-cell bridge when slipping off it is likely", () => {
    // Straight across the bridge is 2 steps with lava on both sides; around is 6 steps.
    const layout = [".....", ".LLL.", "S...G", ".LLL.", "....."];
    expect(argmax(world(layout, 0).exactQ())).toBe(right);
    expect(argmax(world(layout, 0.3).exactQ())).not.toBe(right);
  });
});

function argmax(values: readonly number[]): number {
  return values.indexOf(Math.max(...values));
}
