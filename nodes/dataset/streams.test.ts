import { describe, expect, it } from "vitest";
import { Column } from "../../runtime/candidate-table.js";
import { builtinNodeKinds } from "../index.js";
import { STREAM_INTEGERS } from "./streams.js";

describe("the candidates stream's integer columns", () => {
  it("are the agreed-on columns the kinds' catalog declares as integers (the sampler's count)", () => {
    const agreed = new Set<string>(Object.values(Column));
    const declared = builtinNodeKinds.flatMap((kind) => (kind.columns ?? []).filter((column) => column.format === "integer" && agreed.has(column.name)).map((column) => column.name));
    expect([...STREAM_INTEGERS.candidates].sort()).toEqual([...new Set(declared)].sort());
    expect(STREAM_INTEGERS.candidates).toContain("count");
  });
});
