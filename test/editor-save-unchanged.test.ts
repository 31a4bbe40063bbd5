import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatPipeline } from "../runtime/pipeline/format.js";
import { fromPipelineDocument, toPipelineDocument } from "../renderer/document/pipeline.js";

/** What Save writes for a document opened and not edited, as `foresight format` lays it out. */
function savedUnchanged(file: Record<string, unknown>): string {
  return formatPipeline(toPipelineDocument(fromPipelineDocument(structuredClone(file))));
}

/** A pipeline file as a test edits it by hand. */
type Item = Record<string, unknown> & { position?: Record<string, unknown> };
type PipelineFile = Record<string, unknown> & { run?: Record<string, unknown>; nodes: Item[]; edges: Item[]; notes?: Item[]; groups?: Item[] };

const example = (name: string): PipelineFile => JSON.parse(readFileSync(join("examples", name), "utf8"));

describe("saving a pipeline opened and not edited", () => {
  it("writes every example as `foresight format` does", () => {
    for (const name of readdirSync("examples").filter((file) => file.endsWith(".foresight.json"))) {
      const file = example(name);
      expect(savedUnchanged(file), name).toBe(formatPipeline(file));
    }
  });

  it("keeps keys the editor does not know, wherever they are", () => {
    const file = example("gridworld-vgps.foresight.json");
    file["//"] = "hand-written comment";
    file.nodes[3]!.description = "the oracle";
    file.nodes[3]!.position!.z = 2;
    file.edges[0]!.label = "world";
    file.notes = [{ id: "why", text: "Why", position: { x: 0, y: 300 }, size: { width: 200, height: 100 }, author: "kim" }];
    file.groups = [{ id: "g", name: "Search", colour: "blue", nodes: ["sampler", "q"], collapsed: true }];
    file.run!["maxStep"] = 100;
    expect(savedUnchanged(file)).toBe(formatPipeline(file));
  });

  it("fills in no defaults, titles or positions the file left out", () => {
    const file = example("gridworld-vgps.foresight.json");
    file.run = { episodes: 50, maxStep: 100 };
    delete file.nodes[5]!.title;
    delete file.nodes[6]!.position;
    file.notes = [{ id: "why", text: "Why", position: { x: 0, y: 300 } }];
    expect(savedUnchanged(file)).toBe(formatPipeline(file));
    delete file.run;
    expect(savedUnchanged(file)).toBe(formatPipeline(file));
  });

  it("writes a node's position once it has been moved, and a setting once it is set", () => {
    const file = example("gridworld-vgps.foresight.json");
    file.run = { episodes: 50 };
    delete file.nodes[6]!.position;
    const doc = fromPipelineDocument(file as never);
    const moved = { ...doc, run: { ...doc.run, seed: 7 }, nodes: doc.nodes.map((node) => (node.id === "dataset" ? { ...node, position: { x: 10, y: 20 } } : node)) };
    const saved = toPipelineDocument(moved) as unknown as PipelineFile;
    expect(saved.run).toEqual({ episodes: 50, seed: 7 });
    expect(saved.nodes[6]!.position).toEqual({ x: 10, y: 20 });
  });
});
