import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatPipeline } from "../runtime/pipeline/format.js";
import { fromPipelineDocument, toPipelineDocument } from "../renderer/document/pipeline.js";
import { unknownKeyOf } from "../renderer/document/unknown-key.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { builtinRegistry } from "../nodes/index.js";

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

/** The pointers of the problems validation finds in what Save writes for `file` unchanged. */
function problemPointers(file: PipelineFile): string[] {
  const result = validatePipeline(toPipelineDocument(fromPipelineDocument(structuredClone(file))), builtinRegistry(), { pipelineDir: "examples" });
  return result.ok ? [] : result.problems.map((problem) => problem.pointer);
}

describe("saving a pipeline with entries the canvas cannot show", () => {
  /** The example with nodes, an edge, a note and a group the canvas cannot show, among the others. */
  function withUnreadable(): PipelineFile {
    const file = example("gridworld-vgps.foresight.json");
    file.nodes.splice(2, 0, 5 as never, "oops" as never);
    file.edges.splice(1, 0, { from: "executor", to: "env.action" });
    file.notes = [3 as never, { id: "why", text: "Why", position: { x: 0, y: 300 } }];
    file.groups = [{ id: "g", name: "Search", colour: "blue", nodes: ["q"] }, "loose" as never];
    return file;
  }

  it("writes them back where they were, so the file keeps them and validation lists each", () => {
    const file = withUnreadable();
    expect(savedUnchanged(file)).toBe(formatPipeline(file));
    expect(problemPointers(file)).toEqual(expect.arrayContaining(["/nodes/2", "/nodes/3", "/edges/1/from", "/notes/0", "/groups/1"]));
  });

  it("keeps them after the items around them are edited, and maps a problem's place to the item shown there", () => {
    const doc = fromPipelineDocument(withUnreadable() as never);
    const edited = { ...doc, nodes: doc.nodes.slice(1), edges: doc.edges.slice(0, 1) };
    const saved = toPipelineDocument(edited) as unknown as PipelineFile;
    expect(saved.nodes.slice(2, 4)).toEqual([5, "oops"]);
    expect(saved.nodes).toHaveLength(doc.nodes.length + 1);
    expect(saved.edges[1]).toEqual({ from: "executor", to: "env.action" });
    const owner = (pointer: string) => {
      const key = unknownKeyOf({ code: "unknown-field", pointer, message: "" }, doc);
      return key?.in === "item" ? key.owner : undefined;
    };
    expect([owner("/nodes/4/x"), owner("/nodes/2/x"), owner("/groups/0/x"), owner("/notes/1/x")]).toEqual([`node ${doc.nodes[2]!.id}`, undefined, "group g", "note why"]);
  });
});

describe("saving the file's own name and description", () => {
  it("writes no name where the file had none, so validation still asks for one", () => {
    const file = example("gridworld-vgps.foresight.json");
    delete file.name;
    expect(savedUnchanged(file)).toBe(formatPipeline(file));
    expect(problemPointers(file)).toContain("/name");
  });

  it("keeps an empty description and a name that is not text as written", () => {
    const file = example("gridworld-vgps.foresight.json");
    file.description = "";
    expect(savedUnchanged(file)).toBe(formatPipeline(file));
    file.name = 7;
    expect(savedUnchanged(file)).toBe(formatPipeline(file));
  });

  it("writes a name once it is given", () => {
    const file = example("gridworld-vgps.foresight.json");
    delete file.name;
    const doc = fromPipelineDocument(file as never);
    expect(toPipelineDocument({ ...doc, name: "mine" }).name).toBe("mine");
  });
});

describe("saving a note's position", () => {
  it("writes none where the file had none", () => {
    const file = example("gridworld-vgps.foresight.json");
    file.notes = [{ id: "why", text: "Why" }];
    expect(savedUnchanged(file)).toBe(formatPipeline(file));
  });

  it("writes one once the note is moved", () => {
    const file = example("gridworld-vgps.foresight.json");
    file.notes = [{ id: "why", text: "Why" }];
    const doc = fromPipelineDocument(file as never);
    const saved = toPipelineDocument({ ...doc, notes: doc.notes.map((note) => ({ ...note, position: { x: 40, y: 60 } })) }) as unknown as PipelineFile;
    expect(saved.notes![0]!.position).toEqual({ x: 40, y: 60 });
  });
});
