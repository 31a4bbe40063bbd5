import { describe, expect, it } from "vitest";
import { readPick, readScore } from "./llm-answer-readers.js";

describe("the judge's pick", () => {
  it.each([
    ["Of the 5 candidates I pick 2", 2],
    ["Step 1: compare. Answer: 3", 3],
    ["<think>Candidate 1 walks into lava.</think>4", 4],
    ["Looking at all 8 candidates, the best is number 2.", 2],
    ["Candidate 1 goes left, candidate 3 goes right toward the goal. I choose candidate 3.", 3],
    ["3", 3],
  ])("reads %j as candidate %i", (text, number) => {
    expect(readPick(text, 8)).toEqual({ index: number - 1, error: null });
  });

  it("says when the number named is no candidate's", () => {
    expect(readPick("Answer: 9", 4)).toEqual({ index: -1, error: "the judge picked 9; the candidates are 1..4" });
  });
});

describe("the scorer's score", () => {
  it.each([
    ["Score (0-1): 0.8", 0.8],
    ["<think>Option 1 is risky, so maybe 0.2.</think>0.9", 0.9],
    [".8", 0.8],
    ["Step 1: the move nears the goal. Step 2: no lava. 0.7", 0.7],
    ["I'd give it 0.6 out of 1", 0.6],
    ["0.3/1", 0.3],
    ["1", 1],
  ])("reads %j as %d", (text, score) => {
    expect(readScore(text)).toEqual({ score, error: null });
  });

  it("says when the answer's number is outside 0..1", () => {
    expect(readScore("Score: 7")).toEqual({ score: null, error: "the answer's number 7 is not in 0..1" });
  });

  it("ignores a thinking block cut off by the token limit", () => {
    expect(readScore("<think>Compare 0.4 with")).toEqual({ score: null, error: "the answer holds no number" });
  });
});
