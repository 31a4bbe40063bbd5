import { describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import type { Action, Environment } from "../../runtime/environment.js";
import type { Transition } from "../../runtime/ports.js";
import { EpisodeBuffer } from "./episode-buffer.js";
import { writePreferenceLine } from "./preference-pair.js";
import { QuotedTexts } from "./quoted-texts.js";
import { actionDescriber, candidateRecords, ObservationTexts, transitionRecord, writeTransitionLine } from "./records.js";
import { fedStep } from "./testing/episodes.js";

const place = { episode: 2, step: 5 };

/** What a line writer appends to a buffer that already holds a line: its line as text, undefined when it gave up (and wrote nothing). */
function written(write: (out: EpisodeBuffer) => boolean): string | undefined {
  const out = new EpisodeBuffer();
  out.appendLine("before");
  const wrote = write(out);
  const text = out.bytes.toString("utf8", 0, out.length);
  if (!wrote) return text === "before\n" ? undefined : `wrote ${JSON.stringify(text)} and gave up`;
  expect(text.startsWith("before\n") && text.endsWith("\n")).toBe(true);
  return text.slice("before\n".length, -1);
}

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

describe("JSON lines built without records", () => {
  const base = fedStep(2, 5, 10).transition;
  const odd: Transition[] = [
    base,
    { ...base, action: null, terminated: true },
    { ...base, action: 'say "hi" \\ é 𝄞', reward: Number.NaN },
    { ...base, action: 300, reward: Number.POSITIVE_INFINITY, nextObservation: { text: "line\nbreak\u0001\"q\"", n: -0 } },
    { ...base, action: 7, reward: -0, observation: 3, nextObservation: "s" },
    { ...base, action: { a: [1, 2] }, reward: 1e21, envSteps: 4, info: { success: true, hazard: true } },
    { ...base, action: 255, envSteps: 100, terminated: true, truncated: true, info: { hazard: true } },
    { ...base, action: 256, envSteps: Number.NaN, info: { success: true } },
    { ...base, action: 2.5, envSteps: -1 },
  ];

  it("write a transition exactly as JSON.stringify writes its record", () => {
    const texts = new ObservationTexts();
    for (const transition of odd) {
      expect(written((out) => writeTransitionLine(out, transition, place, texts))).toBe(JSON.stringify(transitionRecord(transition, place)));
    }
  });

  it("give up (for the record's own checks) when a value is not of its column's type", () => {
    const texts = new ObservationTexts();
    const wrong = { ...base, reward: "1" } as unknown as Transition;
    expect(written((out) => writeTransitionLine(out, wrong, place, texts))).toBeUndefined();
    const noAction = { ...base, action: undefined } as unknown as Transition;
    expect(written((out) => writeTransitionLine(out, noAction, place, texts))).toBeUndefined();
  });

  it("serialise an observation object once while it recurs, and keep up when every step makes a new one", () => {
    const texts = new ObservationTexts();
    const cells = Array.from({ length: 20 }, (_, i) => ({ cell: i }));
    const stringify = JSON.stringify;
    let calls = 0;
    JSON.stringify = ((...args: Parameters<typeof stringify>) => (calls++, stringify(...args))) as typeof stringify;
    try {
      for (let round = 0; round < 3; round++) for (const cell of cells) expect(texts.of(cell)).toBe(stringify(cell));
      expect(calls).toBe(20);
      for (let i = 0; i < 600; i++) expect(Buffer.from(texts.quoted({ fresh: i })!).toString()).toBe(stringify(stringify({ fresh: i })));
    } finally {
      JSON.stringify = stringify;
    }
  });

  it("write a preference pair exactly as JSON.stringify writes it, or give up on a non-text action", () => {
    const texts = new QuotedTexts();
    const pair = { episode: 1, step: 2, prompt: 'A..\n"G"', chosen: "down", rejected: "up", chosen_score: 0.1 + 0.2, rejected_score: Number.NEGATIVE_INFINITY };
    expect(written((out) => writePreferenceLine(out, pair, texts))).toBe(JSON.stringify(pair));
    expect(written((out) => writePreferenceLine(out, pair, texts))).toBe(JSON.stringify(pair));
    expect(written((out) => writePreferenceLine(out, { ...pair, chosen: 3 }, texts))).toBeUndefined();
  });

  it("keep writing pairs right once more distinct texts came than are remembered", () => {
    const texts = new QuotedTexts();
    for (let i = 0; i < 10_000; i++) {
      const pair = { episode: i, step: 0, prompt: `state ${i % 5000}`, chosen: `say "${i % 4500}"`, rejected: `wait ${i % 3}`, chosen_score: i, rejected_score: -i };
      expect(written((out) => writePreferenceLine(out, pair, texts))).toBe(JSON.stringify(pair));
    }
  });
});

describe("candidate records", () => {
  it("hold one record per row with every column of the table, null where a cell is absent", () => {
    const table = CandidateTable.of(["left", "right"], { q: [1, 2], reason: [null, "cliff"], filtered: [false, true] });
    expect(candidateRecords(table, place)).toEqual([
      { episode: 2, step: 5, candidate: 0, action: '"left"', q: 1, reason: null, filtered: false },
      { episode: 2, step: 5, candidate: 1, action: '"right"', q: 2, reason: "cliff", filtered: true },
    ]);
  });

  it("hold each action exactly, as JSON text as transitions hold theirs: a torque to the last bit, a move by its index", () => {
    const torque = [1.8501914198865062];
    const table = CandidateTable.of([torque, [1.8504], 2, "click[B01L4PFWF1]"], {});
    expect(candidateRecords(table, place).map((record) => record["action"])).toEqual([JSON.stringify(torque), "[1.8504]", "2", '"click[B01L4PFWF1]"']);
    expect(JSON.parse(candidateRecords(table, place)[0]!["action"] as string)).toEqual(torque);
  });

  it("refuse a table column named like one of the dataset's own columns", () => {
    const table = CandidateTable.of([0], { step: [3] });
    expect(() => candidateRecords(table, place)).toThrow(/column "step"/);
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
