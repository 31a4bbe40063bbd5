import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { executeRun } from "../runtime/execute-run.js";
import { formatPipeline } from "../runtime/pipeline/format.js";
import { pipelineJsonSchema } from "../runtime/pipeline/json-schema.js";
import { migrate } from "../runtime/pipeline/migrate.js";
import type { Problem } from "../runtime/pipeline/problem.js";
import { CURRENT_VERSION } from "../runtime/pipeline/schema.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { runFile } from "../runtime/run-folder.js";

// Notes and groups (pipeline format version 2): kept in the file, checked by validation, ignored by the engine.
const registry = builtinRegistry();
type Doc = Record<string, unknown> & { nodes: { id: string }[] };
const vgps = (): Doc => JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8")) as Doc;
const asVersion1 = (): Doc => ({ ...vgps(), version: 1 });

const withItems = (): Doc => ({
  ...vgps(),
  notes: [{ id: "why", text: "**V-GPS**: sample 16, keep the _best_ by `q`.\n\n- one\n- two", position: { x: 10, y: -200 }, size: { width: 300, height: 120 } }],
  groups: [{ id: "value", name: "Value guidance", colour: "teal", nodes: ["sampler", "q"] }],
});

function problemsOf(doc: unknown): Problem[] {
  const result = validatePipeline(doc, registry);
  return result.ok ? [] : result.problems;
}

describe("pipeline format version 2: notes and groups", () => {
  it("migrates a version-1 file to version 2 without changing anything else", () => {
    expect(CURRENT_VERSION).toBe(2);
    const v1 = asVersion1();
    const result = migrate(v1);
    expect(result).toEqual({ ok: true, from: 1, doc: { ...v1, version: 2 } });
    expect(problemsOf(v1)).toEqual([]);
    // Validation reads it with no notes and no groups.
    const validated = validatePipeline(v1, registry);
    expect(validated.ok && validated.value.pipeline).toMatchObject({ version: 2, notes: [], groups: [] });
  });

  it("refuses a file from a newer build", () => {
    expect(problemsOf({ ...vgps(), version: 3 })).toEqual([expect.objectContaining({ code: "unsupported-version", pointer: "/version" })]);
  });

  it("keeps notes and groups through validation and the stable format, byte for byte", () => {
    const doc = withItems();
    const result = validatePipeline(doc, registry);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.pipeline.notes).toEqual(doc["notes"]);
    expect(result.value.pipeline.groups).toEqual(doc["groups"]);
    const text = formatPipeline(doc);
    expect(formatPipeline(JSON.parse(text))).toBe(text);
    // Fixed key order inside notes and groups, whatever order they came in; both after the edges.
    const shuffled = { ...doc, groups: [{ nodes: ["sampler", "q"], colour: "teal", name: "Value guidance", id: "value" }], notes: [{ size: { height: 120, width: 300 }, position: { y: -200, x: 10 }, text: (doc["notes"] as { text: string }[])[0]!.text, id: "why" }] };
    expect(formatPipeline(shuffled)).toBe(text);
    expect(text.indexOf('"edges"')).toBeLessThan(text.indexOf('"notes"'));
    expect(text.indexOf('"notes"')).toBeLessThan(text.indexOf('"groups"'));
    expect(text).toContain('"id": "value",\n      "name": "Value guidance",\n      "colour": "teal",\n      "nodes": [');
  });

  it("reports bad notes and groups with their JSON pointers", () => {
    const doc = withItems();
    doc["notes"] = [
      { id: "a", text: 42 },
      { id: "a", text: "again", size: { width: 10, height: 100 } },
    ];
    doc["groups"] = [
      { id: "g", name: "one", colour: "magenta", nodes: ["sampler"] },
      { id: "h", name: "two", nodes: ["nowhere", "sampler", "q", "q"] },
      { id: "h", name: "three", nodes: ["executor"] },
      { id: "empty", name: "four", nodes: [] },
    ];
    const problems = problemsOf(doc).map(({ code, pointer }) => ({ code, pointer }));
    expect(problems).toEqual(
      expect.arrayContaining([
        { code: "bad-field", pointer: "/notes/0/text" },
        { code: "bad-field", pointer: "/notes/1/size/width" },
        { code: "bad-field", pointer: "/groups/0/colour" },
        { code: "bad-field", pointer: "/groups/3/nodes" },
        { code: "unknown-node", pointer: "/groups/1/nodes/0" },
        { code: "bad-field", pointer: "/groups/1/nodes/3" },
        { code: "duplicate-id", pointer: "/groups/2/id" },
      ]),
    );
    // A note that does not parse is one problem, not a second one about its id.
    expect(problems.filter((p) => p.pointer.startsWith("/notes/1"))).toEqual([{ code: "bad-field", pointer: "/notes/1/size/width" }]);
    const twice = problemsOf(doc).find((p) => p.pointer === "/groups/1/nodes/3");
    expect(twice).toMatchObject({ nodeId: "q", message: 'node "q" is listed twice; a node is in at most one group' });
  });

  it("says which group already holds a node", () => {
    const doc = withItems();
    doc["groups"] = [
      { id: "g", name: "one", nodes: ["sampler"] },
      { id: "h", name: "two", nodes: ["sampler"] },
    ];
    expect(problemsOf(doc)).toEqual([{ code: "bad-field", pointer: "/groups/1/nodes/0", nodeId: "sampler", message: 'node "sampler" is listed in group "g" already; a node is in at most one group' }]);
  });

  it("`foresight format` writes a version-1 file as the app saves it: version 2, nothing else changed", () => {
    const file = join(mkdtempSync(join(tmpdir(), "foresight-format-")), "old.foresight.json");
    const v1 = formatPipeline(asVersion1());
    writeFileSync(file, v1);
    const foresight = (...args: string[]) => spawnSync(process.execPath, ["bin/foresight.js", ...args], { encoding: "utf8" });
    const check = foresight("format", "--check", file);
    expect(check.status).toBe(2);
    expect(check.stderr).toContain("not formatted");
    expect(foresight("format", file).status).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(v1.replace('"version": 1,', '"version": 2,'));
    writeFileSync(file, JSON.stringify({ ...vgps(), version: 7 }));
    expect(foresight("format", file)).toMatchObject({ status: 2, stderr: expect.stringContaining("#/version: the file is version 7, made by a newer Foresight") });
  });

  it("describes notes and groups in the JSON Schema `foresight schema` prints", () => {
    const schema = pipelineJsonSchema(registry) as { properties: Record<string, { items?: { properties?: Record<string, { enum?: string[] }> } }> };
    expect(Object.keys(schema.properties.notes!.items!.properties!)).toEqual(["id", "text", "position", "size"]);
    expect(schema.properties.groups!.items!.properties!["colour"]!.enum).toContain("teal");
  });

  it("lets no object in the JSON Schema take keys it does not declare, as validation does; maps take any", () => {
    const schema = pipelineJsonSchema(registry) as Record<string, unknown>;
    const objects: Record<string, unknown>[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (typeof value !== "object" || value === null) return;
      const node = value as Record<string, unknown>;
      if (node["type"] === "object") objects.push(node);
      Object.values(node).forEach(visit);
    };
    visit(schema);
    const declared = objects.filter((node) => node["properties"] !== undefined && node["propertyNames"] === undefined);
    const maps = objects.filter((node) => node["propertyNames"] !== undefined);
    expect(declared.length).toBeGreaterThan(50);
    expect(declared.filter((node) => node["additionalProperties"] !== false)).toEqual([]);
    expect(maps.length).toBeGreaterThan(0);
    expect(maps.every((node) => node["additionalProperties"] !== false)).toBe(true);
    expect(schema["additionalProperties"]).toBe(false);
  });

  it("runs the same with or without notes and groups, and the run folder's copy keeps them", async () => {
    const run = async (doc: Doc) => {
      const result = validatePipeline({ ...doc, run: { episodes: 3, seed: 5, maxSteps: 30, trace: "off" } }, registry);
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      return executeRun({ validated: result.value, pipelineFile: "examples/gridworld-vgps.foresight.json", outDir: mkdtempSync(join(tmpdir(), "foresight-notes-")) });
    };
    const plain = await run(vgps());
    const annotated = await run(withItems());
    expect(annotated.summary.episodes).toEqual(plain.summary.episodes);
    const copy = JSON.parse(readFileSync(runFile(annotated.runDir, "pipeline"), "utf8"));
    expect(copy).toMatchObject({ version: 2, notes: withItems()["notes"], groups: withItems()["groups"] });
  });
});
