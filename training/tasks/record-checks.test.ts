import { describe, expect, it } from "vitest";
import { checkTransitionRecords } from "./record-checks.js";
import type { TransitionRecord } from "./transitions.js";

/** Gridworld transitions as the collector writes them: `steps` per episode, the last one terminated. */
function episodes(count: number, steps: number): TransitionRecord[] {
  const observation = (x: number) => JSON.stringify({ agent: [x, 0], goal: [6, 8], map: "lava-bridge" });
  return Array.from({ length: count * steps }, (_, i) => {
    const [episode, step] = [Math.floor(i / steps), i % steps];
    return { episode, step, observation: observation(step), action: "2", reward: -0.01, next_observation: observation(step + 1), terminated: step === steps - 1, truncated: false, env_steps: 1, success: false, hazard: false };
  });
}

const check = (records: readonly TransitionRecord[]) => () => checkTransitionRecords(records, (index) => `line ${index + 1}`);

describe("checkTransitionRecords refuses records a model would be trained wrong on", () => {
  it("takes the collector's records", () => {
    expect(check(episodes(2, 3))).not.toThrow();
  });

  it("refuses records without their bookkeeping fields, naming the line and the field", () => {
    const minimal = episodes(1, 2).map(({ observation, action, reward, next_observation }) => ({ observation, action, reward, next_observation }) as TransitionRecord);
    expect(check(minimal)).toThrow("line 1: no episode field");
    const noTerminated = episodes(1, 2);
    delete noTerminated[1]!["terminated"];
    expect(check(noTerminated)).toThrow("line 2: no terminated field");
    const noReward = episodes(1, 2);
    delete noReward[0]!["reward"];
    expect(check(noReward)).toThrow("line 1: no reward field");
  });

  it("names a bigint field (an INT64 Parquet column) it refuses, rather than failing to show it", () => {
    const flag = episodes(1, 2) as Record<string, unknown>[];
    flag[1]!["terminated"] = 1n;
    expect(check(flag as TransitionRecord[])).toThrow("line 2: terminated 1 is not true or false");
    const text = episodes(1, 2) as Record<string, unknown>[];
    text[0]!["observation"] = 7n;
    expect(check(text as TransitionRecord[])).toThrow("line 1: observation is the bigint 7, not JSON text");
    const negative = episodes(1, 2) as Record<string, unknown>[];
    negative[0]!["step"] = -1n;
    expect(check(negative as TransitionRecord[])).toThrow("line 1: step -1 is not a whole number");
  });

  it("refuses fields of the wrong type: an episode as text, terminated as text, an observation as a JSON object", () => {
    const text = episodes(1, 2);
    text[1]!["episode"] = "0";
    expect(check(text)).toThrow('line 2: episode "0" is not a whole number');
    const yes = episodes(1, 2);
    yes[1]!["terminated"] = "yes";
    expect(check(yes)).toThrow('line 2: terminated "yes" is not true or false');
    const object = episodes(1, 2) as Record<string, unknown>[];
    object[0]!["observation"] = { agent: [0, 0] };
    expect(check(object as TransitionRecord[])).toThrow("line 1: observation is a JSON object, not JSON text (the collector writes it as a string holding its JSON)");
  });

  it("refuses two files joined into one: an episode that appears again", () => {
    const joined = [...episodes(2, 3), ...episodes(2, 3)];
    expect(check(joined)).toThrow("episode 0 appears again at line 7 after episode 1 (a file's episodes are contiguous, its steps in order: were two files joined? give each one as it is)");
  });

  it("refuses a repeated line, steps out of order, and a step after the one that ended its episode", () => {
    const records = episodes(1, 3);
    expect(check([records[0]!, records[1]!, records[1]!, records[2]!])).toThrow("line 3: episode 0, step 1 is repeated (the line before holds it too)");
    expect(check([records[0]!, records[2]!, records[1]!])).toThrow("line 3: episode 0, step 1 comes after its step 2 (a file's steps are in order)");
    const ended = episodes(1, 3);
    ended[1]!["terminated"] = true;
    expect(check(ended)).toThrow("line 3: episode 0, step 2 comes after the step that ended the episode (terminated or truncated)");
  });

  it("says a preferences file, a candidates file or a trace is not a transitions file", () => {
    expect(check([{ episode: 0, step: 0, prompt: "p", chosen: "a", rejected: "b" }])).toThrow("not a transitions file: its records look like a preferences file's (prompt, chosen, rejected); give the run folder, or its dataset/transitions.jsonl or .parquet");
    expect(check([{ type: "run.start", t: 0 }])).toThrow("its records look like a trace's (trace.jsonl: run and step events)");
  });
});
