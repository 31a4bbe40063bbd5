import { describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import type { Action, Environment } from "../../runtime/environment.js";
import { actionDescriber, candidateRecords, transitionRecord } from "./records.js";
import { fedStep } from "./testing/episodes.js";

const place = { episode: 2, step: 5 };

describe("transition records", () => {
  it("record the transition as fed, with observations and the action as JSON text", () => {
    const { transition } = fedStep(2, 5, 10);
    const record = transitionRecord({ ...transition, action: [0.5, -1], info: { hazard: true } }, place);
    expect(record).toEqual({
      episode: 2,
      step: 5,
      observation: '{"agent":[2,5],"grid":["#.G","..."]}',
      action: "[0.5,-1]",
      reward: -1.5,
      next_observation: '{"agent":[2,6],"grid":["#.G","..."]}',
      terminated: false,
      truncated: false,
      env_steps: 1,
      success: false,
      hazard: true,
    });
    expect(JSON.parse(record["observation"] as string)).toEqual(transition.observation);
  });

  it("keep a missing action as null, not as the text null", () => {
    const { transition } = fedStep(0, 9, 10);
    expect(transitionRecord(transition, place)["action"]).toBeNull();
  });
});

describe("candidate records", () => {
  it("hold one record per row with every column of the table, null where a cell is absent", () => {
    const table = CandidateTable.of(["left", "right"], { q: [1, 2], reason: [null, "cliff"], filtered: [false, true] });
    expect(candidateRecords(table, place, actionDescriber(undefined))).toEqual([
      { episode: 2, step: 5, candidate: 0, action: "left", q: 1, reason: null, filtered: false },
      { episode: 2, step: 5, candidate: 1, action: "right", q: 2, reason: "cliff", filtered: true },
    ]);
  });

  it("refuse a table column named like one of the dataset's own columns", () => {
    const table = CandidateTable.of([0], { step: [3] });
    expect(() => candidateRecords(table, place, actionDescriber(undefined))).toThrow(/column "step"/);
  });
});

describe("action text", () => {
  it("uses the environment's words when an environment is connected", () => {
    const environment = { describeAction: (action: Action) => ["up", "down"][action as number]! } as Environment;
    expect(actionDescriber(environment)(1)).toBe("down");
  });

  it("writes actions as JSON without an environment, keeping text actions unquoted", () => {
    const describe = actionDescriber(undefined);
    expect([describe(3), describe([0.5, 1]), describe("click(#buy)")]).toEqual(["3", "[0.5,1]", "click(#buy)"]);
  });
});
