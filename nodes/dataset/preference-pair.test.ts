import { describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import { preferenceRecord, type PreferenceSource } from "./preference-pair.js";
import { actionDescriber } from "./records.js";

const place = { episode: 1, step: 4 };

function source(table: CandidateTable, scoreColumn = "q", describe = actionDescriber(undefined)): PreferenceSource {
  return { table, stateText: "#.G\n.A.", scoreColumn, describe };
}

describe("step-level preference pairs", () => {
  it("choose the best-scored kept candidate over the worst-scored candidate, by the score column", () => {
    const table = CandidateTable.of(["a", "b", "c", "d"], { q: [0, 1, 2, 3], return: [5, -2, 9, 1] });
    expect(preferenceRecord(source(table, "return"), place)).toEqual({
      episode: 1,
      step: 4,
      prompt: "#.G\n.A.",
      chosen: "c",
      rejected: "b",
      chosen_score: 9,
      rejected_score: -2,
    });
  });

  it("never choose a filtered candidate, but may reject one", () => {
    const table = CandidateTable.of(["safe", "lava", "wall"], { q: [1, 7, -3], filtered: [false, true, true] });
    const pair = preferenceRecord(source(table), place);
    expect([pair?.["chosen"], pair?.["rejected"]]).toEqual(["safe", "wall"]);
  });

  it("skip a step whose best and worst scores tie", () => {
    const table = CandidateTable.of(["a", "b", "c"], { q: [2, 2, 2] });
    expect(preferenceRecord(source(table), place)).toBeNull();
  });

  it("skip a step whose best and worst candidates are the same action", () => {
    const table = CandidateTable.of([1, 1], { q: [0.5, 0.1] });
    expect(preferenceRecord(source(table), place)).toBeNull();
  });

  it("skip a step where every candidate was filtered", () => {
    const table = CandidateTable.of(["a", "b"], { q: [1, 0], filtered: [true, true] });
    expect(preferenceRecord(source(table), place)).toBeNull();
  });

  describe("over an LLM policy's completions (a text column)", () => {
    // What the LLM policy hands on: the parsed action, or the raw answer where none parsed (filtered).
    const unparsed = "I think I should do something else";
    const completions = () =>
      CandidateTable.of(["click[B01L4PFWF1]", "search[red shoes]", unparsed], {
        text: ["Action: click[B01L4PFWF1]", "Action: search[red shoes]", unparsed],
        filtered: [false, false, true],
        q: [0.9, 0.4, 0.1],
      });

    it("pair two raw completions, never a parsed action with a raw answer", () => {
      expect(preferenceRecord(source(completions()), place)).toMatchObject({ chosen: "Action: click[B01L4PFWF1]", rejected: unparsed });
    });

    it("leave out rows without a completion (a fallback's safe action) and rows without a score", () => {
      const table = CandidateTable.of(["click[B01L4PFWF1]", "search[red shoes]", unparsed, "back"], {
        text: ["Action: click[B01L4PFWF1]", "Action: search[red shoes]", unparsed, null],
        filtered: [false, false, true, false],
        search_value: [0.9, 0.4, null, -5],
      });
      expect(preferenceRecord(source(table, "search_value"), place)).toMatchObject({ chosen: "Action: click[B01L4PFWF1]", rejected: "Action: search[red shoes]" });
    });

    it("skip a pair of two phrasings of one action", () => {
      const table = CandidateTable.of(["back", "back"], { text: ["Action: back", "back"], q: [0.5, 0.1] });
      expect(preferenceRecord(source(table), place)).toBeNull();
    });

    it("skip a step whose best and worst completions tie", () => {
      const table = completions().withColumn("q", [0.3, 0.3, 0.3]);
      expect(preferenceRecord(source(table), place)).toBeNull();
    });
  });

  it("name the missing score column and list the available ones", () => {
    const table = CandidateTable.of(["a", "b"], { logp: [-1, -2], risk: [0, 1] });
    expect(() => preferenceRecord(source(table, "q"), place)).toThrow(
      'episode 1, step 4: preference pairs rank candidates by the column "q" (param scoreColumn), but the candidate table has only: action, logp, risk',
    );
  });
});
