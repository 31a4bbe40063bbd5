import { describe, expect, it } from "vitest";
import { candidateMarks } from "../candidate-marks.js";
import { cartOf, PUSH_NAMES, pushMarks, pushOf } from "./cart.js";

describe("the CartPole view", () => {
  it("reads the cart and pole from [x, ẋ, θ, θ̇] and nothing from other shapes", () => {
    expect(cartOf([0.5, 0.1, -0.02, 0.3])).toEqual({ x: 0.5, theta: -0.02 });
    expect(cartOf([0.5, 0.1, -0.02])).toBeNull();
    expect(pushOf(1)).toBe(1);
    expect(pushOf([1])).toBeNull();
  });

  it("marks each push once, by its strongest candidate, and names every candidate of it", () => {
    const marks = candidateMarks(
      [
        { action: 1, score: 0.2, excluded: true, reason: "risk", chosen: false },
        { action: 0, score: 0.5, excluded: false, chosen: false },
        { action: 1, score: 0.9, excluded: false, chosen: false },
        { action: 0, score: 0.4, excluded: false, chosen: false },
      ],
      1,
      pushOf,
      (a, b) => a === b,
      (push) => PUSH_NAMES[push],
    );
    const pushes = pushMarks(marks);
    expect(pushes.map((mark) => [mark.value, mark.kind])).toEqual([
      [0, "candidate"],
      [1, "chosen"],
    ]);
    expect(pushes[0]!.title).toBe("2 candidates: push left, score 0.500; push left, score 0.400");
  });
});
