import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatPipeline, savePipeline } from "./format.js";
import { migrate, type Migration } from "./migrate.js";

describe("pipeline file format", () => {
  it("writes a fixed key order with 2-space indentation whatever order the keys came in", () => {
    const a = formatPipeline({
      edges: [{ to: "b.x", from: "a.y" }],
      nodes: [{ position: { y: 2, x: 1 }, params: { z: 1, a: { d: 1, c: 2 } }, kind: "policy", id: "a" }],
      name: "p",
      version: 1,
      format: "foresight/pipeline",
      run: { seed: 3, episodes: 5 },
    });
    expect(a.split("\n").slice(0, 5)).toEqual(['{', '  "format": "foresight/pipeline",', '  "version": 1,', '  "name": "p",', '  "run": {']);
    expect(a).toContain('"id": "a",\n      "kind": "policy",\n      "params"');
    expect(a).toContain('"from": "a.y",\n      "to": "b.x"');
    expect(a.indexOf('"c"')).toBeLessThan(a.indexOf('"d"'));
    expect(a.indexOf('"z"')).toBeLessThan(a.indexOf('"a": {'));
    expect(a.endsWith("}\n")).toBe(true);
    expect(formatPipeline(JSON.parse(a))).toBe(a);
  });

  it("keeps the shipped examples in the stable format", () => {
    for (const name of ["gridworld-policy-only", "gridworld-vgps", "gridworld-lookahead"]) {
      const text = readFileSync(`examples/${name}.foresight.json`, "utf8");
      expect(formatPipeline(JSON.parse(text)), name).toBe(text);
    }
  });

  it("saves atomically, leaving no temporary file", () => {
    const dir = mkdtempSync(join(tmpdir(), "foresight-save-"));
    const file = join(dir, "p.foresight.json");
    savePipeline(file, { format: "foresight/pipeline", version: 1, name: "p", nodes: [], edges: [] });
    savePipeline(file, { format: "foresight/pipeline", version: 1, name: "q", nodes: [], edges: [] });
    expect(readdirSync(dir)).toEqual(["p.foresight.json"]);
    expect(JSON.parse(readFileSync(file, "utf8")).name).toBe("q");
  });
});

describe("migration", () => {
  const steps: Migration[] = [
    { from: 1, up: (doc) => ({ ...doc, renamed: doc["old"] }) },
    { from: 2, up: (doc) => ({ ...doc, third: true }) },
  ];

  it("applies each step in order up to the current version", () => {
    const result = migrate({ version: 1, old: "x" }, steps, 3);
    expect(result).toEqual({ ok: true, from: 1, doc: { version: 3, old: "x", renamed: "x", third: true } });
  });

  it("leaves a current file alone and refuses a newer one", () => {
    expect(migrate({ version: 3 }, steps, 3)).toEqual({ ok: true, from: 3, doc: { version: 3 } });
    expect(migrate({ version: 4 }, steps, 3)).toMatchObject({ ok: false, problem: { pointer: "/version" } });
  });
});
