import { describe, expect, it } from "vitest";
import { counted, failureText, shownCount, shownDuration, shownNumber, shownPercent } from "./shown-values.js";

describe("shown values", () => {
  it("counts a noun in the singular only for one", () => {
    expect([0, 1, 2].map((n) => counted(n, "episode"))).toEqual(["0 episodes", "1 episode", "2 episodes"]);
    expect([1, 2].map((n) => counted(n, "success", "successes"))).toEqual(["1 success", "2 successes"]);
  });

  it("writes counts with thousands separators, en-US style", () => {
    expect([0, 999, 1504, 16138, 100000].map(shownCount)).toEqual(["0", "999", "1,504", "16,138", "100,000"]);
    expect(counted(16138, "step")).toBe("16,138 steps");
  });

  it("writes a rate as a percentage with one decimal, kept on one line with its sign", () => {
    expect([0.985, 0.99, 1, 0, null].map(shownPercent)).toEqual(["98.5\u00a0%", "99.0\u00a0%", "100.0\u00a0%", "0.0\u00a0%", "n/a"]);
  });

  it("writes a duration at 3 significant digits, in µs below a millisecond and ns below a microsecond", () => {
    expect([999.4, 12.345, 1, 0.0425, 0.001, 0.00041, 0.000531, 0].map(shownDuration)).toEqual(["999 ms", "12.3 ms", "1 ms", "42.5 µs", "1 µs", "410 ns", "531 ns", "0 µs"]);
  });

  it("writes a duration past a second in seconds, and past a minute in minutes and seconds", () => {
    expect([1840, 1234.5, 999.6, 12_345, 59_990, 65_000, 180_000, 3_725_000].map(shownDuration)).toEqual(["1.84 s", "1.23 s", "1 s", "12.3 s", "1 min", "1 min 5 s", "3 min", "1 h 2 min"]);
  });

  it("shortens a number's fraction to 4 significant digits and keeps integers whole", () => {
    expect([0.97781, -20.0834, 3, 123456].map(shownNumber)).toEqual([0.9778, -20.08, 3, 123456]);
  });

  it("says where a failure happened: a node's at its episode and step, the run's only what it knows", () => {
    const failure = { node: "q", kind: "q-scorer", episode: 3, step: 12, message: "bad input" };
    expect(failureText(failure)).toBe('node "q" (q-scorer) at episode 3, step 12: bad input');
    expect(failureText({ ...failure, episode: -1, step: -1 })).toBe('node "q" (q-scorer) while starting: bad input');
    expect(failureText({ ...failure, node: "", kind: "", step: -1 })).toBe("at episode 3: bad input");
    // A run-level failure with no place (a queued batch lost): the message alone, not "node ``, episode -1".
    expect(failureText({ node: "", kind: "", episode: -1, step: -1, message: "the queue lost Redis" })).toBe("the queue lost Redis");
  });
});
