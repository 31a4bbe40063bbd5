import { describe, expect, it } from "vitest";
import { CandidateTable } from "../candidate-table.js";
import { summariseOutputs, summariseValue } from "./summarise.js";

const summariseJson = (value: unknown) => JSON.stringify(summariseValue(value));
const summariseOutputsJson = (...args: Parameters<typeof summariseOutputs>) => JSON.stringify(summariseOutputs(...args));

describe("port values in the trace", () => {
  it("write non-finite numbers as text, and text as JSON escapes it", () => {
    expect(summariseJson([NaN, Infinity, -Infinity, -0, 0.1 + 0.2])).toBe('["NaN","Infinity","-Infinity",0,0.30000000000000004]');
    expect(summariseJson('a"b\n😀\ud800')).toBe(JSON.stringify('a"b\n😀\ud800'));
  });

  it("summarise a table of over 64 rows by its first 64, its missing numbers as null", () => {
    const table = CandidateTable.of(
      Array.from({ length: 66 }, (_, i) => i),
      { q: Array.from({ length: 66 }, (_, i) => (i === 1 ? NaN : i / 4)) },
    );
    expect(summariseJson(table)).toBe(`{"$summary":"candidates","length":66,"head":${JSON.stringify(table.rows().slice(0, 64))}}`);
    expect(summariseJson(table)).toContain('{"action":1,"q":null}');
  });

  it("summarise long numeric arrays and tensors, and cut long mixed arrays", () => {
    expect(summariseJson([Array.from({ length: 65 }, (_, i) => i * 0.5), new Float32Array([1.5, NaN, 3])])).toBe(
      '[{"$summary":"numbers","length":65,"min":0,"max":32,"mean":16,"head":[0,0.5,1,1.5,2,2.5,3,3.5]},' +
        '{"$summary":"numbers","length":3,"min":1.5,"max":3,"mean":null,"head":[1.5,null,3]}]',
    );
    const mixed = Array.from({ length: 65 }, (_, i) => (i === 0 ? "s" : i));
    expect(summariseJson(mixed)).toBe(`{"$summary":"array","length":65,"head":${JSON.stringify(mixed.slice(0, 64))}}`);
  });

  it("name environments, policies and value functions, and leave functions out", () => {
    const value = {
      a: undefined,
      b: () => 2,
      env: { render: () => "", step: () => 0, name: "grid" },
      policy: { distributions: () => [], name: "pol" },
      v: { values: () => [], name: "vf" },
    };
    expect(summariseJson(value)).toBe('{"a":null,"env":{"$environment":"grid"},"policy":{"$policy":"pol"},"v":{"$valueFunction":"vf"}}');
  });

  it("write a table a node extended as the columns it added, missing numbers as null", () => {
    const base = CandidateTable.of([0, 1], { logp: [-1, -2] });
    const scored = base.withColumn("q", [NaN, 1 / 3]).withColumn("reason", [null, 'x"y']);
    expect(summariseOutputsJson({ candidates: scored, n: NaN }, { candidates: base }, { candidates: "s.candidates" })).toBe(
      '{"candidates":{"$candidatesFrom":"s.candidates","columns":{"q":[null,0.3333333333333333],"reason":[null,"x\\"y"]}},"n":"NaN"}',
    );
  });
});
