import { describe, expect, it } from "vitest";
import { inputGatherer } from "./input-gatherer.js";

describe("inputGatherer", () => {
  it("copies each bound output into the node's inputs, names that look like code included, as data", () => {
    const hostile = '"]; globalThis.pwned = true; //\u2028\n';
    const gather = inputGatherer([
      { name: "candidates", source: 1, port: "candidates" },
      { name: hostile, source: 0, port: "a\\b" },
      { name: "0", source: 0, port: hostile },
    ]);
    const inputs: Record<string, unknown> = {};
    const table = { rows: [] };
    expect(gather(inputs, [{ "a\\b": 1, [hostile]: 2 }, { candidates: table }])).toBe(-1);
    expect(inputs).toEqual({ candidates: table, [hostile]: 1, "0": 2 });
    expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it("answers the first binding whose source has no value for its port", () => {
    const gather = inputGatherer([
      { name: "x", source: 0, port: "x" },
      { name: "y", source: 0, port: "y" },
      { name: "z", source: 0, port: "z" },
    ]);
    expect(gather({}, [{ x: 1, z: 3 }])).toBe(1);
    expect(inputGatherer([])({}, [])).toBe(-1);
  });

  it("makes one gatherer for the same bindings (lockstep lanes share it)", () => {
    const bindings = () => [{ name: "x", source: 0, port: "y" }];
    expect(inputGatherer(bindings())).toBe(inputGatherer(bindings()));
    expect(inputGatherer(bindings())).not.toBe(inputGatherer([{ name: "x", source: 1, port: "y" }]));
  });
});
