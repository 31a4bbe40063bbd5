import { describe, expect, it } from "vitest";
import { StreamColumns } from "./columns.js";

describe("stream columns", () => {
  it("keep declared columns first and learn new ones in the order they appear", () => {
    const columns = new StreamColumns({ episode: "INT32" });
    columns.observe({ episode: 0, q: 1 }, "here");
    columns.observe({ episode: 0, q: null, reason: "lava", ok: true }, "here");
    expect(columns.list()).toEqual([
      { name: "episode", type: "INT32" },
      { name: "q", type: "DOUBLE" },
      { name: "reason", type: "STRING" },
      { name: "ok", type: "BOOLEAN" },
    ]);
    expect(columns.complete({ reason: "x", episode: 1 })).toEqual({ episode: 1, q: null, reason: "x", ok: null });
  });

  it("learn a column's type from its first non-null value", () => {
    const columns = new StreamColumns({});
    columns.observe({ q: null }, "here");
    expect(columns.list()).toEqual([{ name: "q", type: undefined }]);
    columns.observe({ q: 2 }, "here");
    expect(columns.list()).toEqual([{ name: "q", type: "DOUBLE" }]);
  });

  it("refuse a value whose type differs from its column's, naming the place", () => {
    const columns = new StreamColumns({});
    columns.observe({ q: 1 }, "episode 0, step 0");
    expect(() => columns.observe({ q: "high" }, "episode 0, step 1")).toThrow(
      'episode 0, step 1: column "q" held numbers so far but now holds strings ("high")',
    );
  });
});
