import { describe, expect, it } from "vitest";
import { CandidateTable } from "../runtime/candidate-table.js";
import { MAX_TRACED_TEXT, summariseOutputs, summariseValue, tracedRows } from "../runtime/trace/summarise.js";

const huge = "y".repeat(2_000_000);

describe("the trace's size limit for one value", () => {
  it("summarises a string past 4096 characters, like a tensor: its length and first characters", () => {
    expect(summariseValue(huge)).toEqual({ $summary: "text", length: 2_000_000, head: "y".repeat(256) });
    expect(summariseValue({ note: huge, list: [huge] })).toEqual({
      note: { $summary: "text", length: 2_000_000, head: "y".repeat(256) },
      list: [{ $summary: "text", length: 2_000_000, head: "y".repeat(256) }],
    });
    const fits = "z".repeat(MAX_TRACED_TEXT);
    expect(summariseValue(fits)).toBe(fits);
  });

  it("cuts a 2 MB string column of a candidate table wherever the table is traced: rows, added columns, step.end's table", () => {
    const sampled = CandidateTable.of([0, 1, 2]);
    const described = sampled.withColumn("note", [huge, "short", huge]);
    const cut = `${"y".repeat(256)}… (2000000 characters)`;
    expect(tracedRows(described).map((row) => row["note"])).toEqual([cut, "short", cut]);
    expect(summariseValue(described)).toEqual(tracedRows(described));
    const outputs = summariseOutputs({ candidates: described }, { candidates: sampled }, { candidates: "sampler.candidates" });
    expect(outputs).toEqual({ candidates: { $candidatesFrom: "sampler.candidates", columns: { note: [cut, "short", cut] } } });
    // What one step writes for the table stays small, whatever the column holds.
    expect(JSON.stringify(outputs).length + JSON.stringify(tracedRows(described)).length).toBeLessThan(2_000);
    // A table without long strings is passed through as it is (no copy on the hot path).
    expect(tracedRows(sampled)).toEqual(sampled.rows());
  });
});
