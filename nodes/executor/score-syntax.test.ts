import { describe, expect, it } from "vitest";
import { scoreSyntaxError } from "./score.js";

describe("scoreSyntaxError", () => {
  it("says in one line where an expression breaks and what was expected there, in a user's words", () => {
    const cases: Record<string, string> = {
      "q - 2*risk +": 'it ends after "q - 2*risk +", where a value (a number, a column name, or "(") was expected',
      "q ** 2": '"*" comes after "q *", where a value (a number, a column name, or "(") was expected',
      "q - (risk": 'it ends after "q - (risk", where an operator (+ - * / and or …) or ")" was expected',
      "q risk": '"risk" comes after "q", where an operator (+ - * / and or …) or the end was expected',
      "* q": '"*" comes at the start, where a value (a number, a column name, or "(") was expected',
      "q @ 1": '"@" after "q" is not part of an expression',
    };
    for (const [expression, why] of Object.entries(cases)) {
      expect(scoreSyntaxError(expression)).toBe(`score "${expression}" is not a column name or a valid expression: ${why}`);
    }
  });

  it("accepts what filtrex compiles", () => {
    expect(scoreSyntaxError("q - 2*risk")).toBeUndefined();
    expect(scoreSyntaxError("if risk > 0.1 then 0 else q")).toBeUndefined();
  });
});
