import { compileExpression } from "filtrex";
import { describe, expect, it } from "vitest";
import { scoreNames } from "./score-names.js";

/** The columns filtrex itself reads when every name resolves: what scoreNames must agree with. */
function columnsFiltrexReads(expression: string): string[] {
  const read = new Set<string>();
  compileExpression(expression, { customProp: (name) => (read.add(name), 1) })({});
  return [...read];
}

describe("scoreNames", () => {
  it("finds the columns of an arithmetic score", () => {
    expect(scoreNames("qq * 2")).toEqual({ columns: ["qq"], functions: [] });
    expect(scoreNames("q - 2*risk + 0.5 * logp")).toEqual({ columns: ["q", "risk", "logp"], functions: [] });
  });

  it("tells function calls from columns, and keywords from names that start like them", () => {
    expect(scoreNames("max(q, return) - abs (risk)")).toEqual({ columns: ["q", "return", "risk"], functions: ["max", "abs"] });
    expect(scoreNames("if android and order then notes else inside mod 3")).toEqual({
      columns: ["android", "order", "notes", "inside"],
      functions: [],
    });
  });

  it("reads quoted column names and dotted names whole, and skips strings and properties", () => {
    expect(scoreNames("'score error' == \"none\" or a.b > 1")).toEqual({ columns: ["score error", "a.b"], functions: [] });
    expect(scoreNames("x of action")).toEqual({ columns: ["action"], functions: [] });
  });

  it("agrees with what filtrex reads on expressions without branches", () => {
    for (const expression of ["q", "q - 2*risk", "(q + logp) / 2 ^ count", "-q", "q in (1, 2, greedy)", "q > 0 and risk < 0.5 or not filtered"]) {
      expect(scoreNames(expression).columns, expression).toEqual(columnsFiltrexReads(expression));
    }
  });
});
