import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { addNote, deleteGroup, groupSelectedNodes, removeFromGroup, removeNote, renameGroup, setGroupColour, setNoteText } from "../renderer/canvas/canvas-item-edits.js";
import { removeNodes } from "../renderer/canvas/graph-edits.js";
import { parseBlocks, parseInline } from "../renderer/canvas/note-markdown.js";
import { noteLabel } from "../renderer/document/canvas-items.js";
import { useEditor } from "../renderer/document/editor-store.js";
import { FRAME_HEADER, FRAME_PADDING, groupFrame } from "../renderer/document/node-groups.js";
import { fromPipelineDocument, toPipelineDocument, type EditorDocument } from "../renderer/document/pipeline.js";

// The editor's notes and groups against the real store (the browser test is test/e2e/notes-groups.test.ts).
const example = (): Record<string, unknown> => JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8"));
const annotated = () => ({
  ...example(),
  notes: [{ id: "why", text: "# V-GPS\nSample, **score**, act.", position: { x: 0, y: -220 }, size: { width: 300, height: 140 } }],
  groups: [{ id: "value", name: "Value guidance", colour: "teal", nodes: ["sampler", "q"] }],
});
const doc = (): EditorDocument => useEditor.getState().doc;
const frameOf = (groupId: string) => {
  const group = doc().groups.find((g) => g.id === groupId)!;
  return groupFrame(group, new Map(doc().nodes.map((n) => [n.id, n])))!;
};
const positionOf = (nodeId: string) => doc().nodes.find((n) => n.id === nodeId)!.position;

/** Does `action`, then checks that one undo restores the document before it and one redo the one after. */
function oneUndoStep(action: () => void): void {
  const before = toPipelineDocument(doc());
  const pastBefore = useEditor.getState().past.length;
  action();
  const after = toPipelineDocument(doc());
  expect(after).not.toEqual(before);
  expect(useEditor.getState().past.length).toBe(pastBefore + 1);
  useEditor.getState().undo();
  expect(toPipelineDocument(doc())).toEqual(before);
  useEditor.getState().redo();
  expect(toPipelineDocument(doc())).toEqual(after);
}

describe("a note's Markdown", () => {
  it("reads paragraphs, headings, lists and fenced code", () => {
    expect(parseBlocks("# Title\nfirst line\nsecond line\n\n- a\n- b\n\n1. one\n2. two\n\n```\nx < 1 && y\n```")).toEqual([
      { type: "heading", level: 1, children: [{ type: "text", text: "Title" }] },
      { type: "paragraph", children: [{ type: "text", text: "first line second line" }] },
      { type: "list", ordered: false, items: [[{ type: "text", text: "a" }], [{ type: "text", text: "b" }]] },
      { type: "list", ordered: true, items: [[{ type: "text", text: "one" }], [{ type: "text", text: "two" }]] },
      { type: "code", text: "x < 1 && y" },
    ]);
  });

  it("reads emphasis, code and links, and leaves snake_case and HTML as text", () => {
    expect(parseInline("**Q** and _risk_ by `q * 2`, see [docs](https://example.org)")).toEqual([
      { type: "strong", children: [{ type: "text", text: "Q" }] },
      { type: "text", text: " and " },
      { type: "em", children: [{ type: "text", text: "risk" }] },
      { type: "text", text: " by " },
      { type: "code", text: "q * 2" },
      { type: "text", text: ", see " },
      { type: "link", href: "https://example.org", children: [{ type: "text", text: "docs" }] },
    ]);
    expect(parseInline("max_steps_left <script>alert(1)</script>")).toEqual([{ type: "text", text: "max_steps_left <script>alert(1)</script>" }]);
  });

  it("names a note by its first line, without Markdown's marks", () => {
    expect(noteLabel("\n## Why **V-GPS**\nmore")).toBe("Note: Why V-GPS");
    expect(noteLabel("  ")).toBe("Empty note");
  });
});

describe("notes and groups in the editor's document", () => {
  beforeEach(() => useEditor.getState().load(fromPipelineDocument(annotated()), null));

  it("writes back what it read, as version 2", () => {
    expect(toPipelineDocument(doc())).toEqual({ ...annotated(), version: 2 });
    // A version-1 file without them is written without them.
    expect(toPipelineDocument(fromPipelineDocument({ ...example(), version: 1 }))).toEqual(example());
  });

  it("frames a group's nodes with room for its name", () => {
    const sampler = positionOf("sampler");
    const q = positionOf("q");
    const frame = frameOf("value");
    expect(frame.x).toBe(Math.min(sampler.x, q.x) - FRAME_PADDING);
    expect(frame.y).toBe(Math.min(sampler.y, q.y) - FRAME_PADDING - FRAME_HEADER);
  });

  it("moves a group's nodes when its frame is dragged: one undo step", () => {
    const start = { sampler: positionOf("sampler"), q: positionOf("q"), env: positionOf("env") };
    const frame = frameOf("value");
    oneUndoStep(() => {
      // As xyflow reports a drag: a checkpoint, then the frame's positions as the mouse moves.
      useEditor.getState().checkpoint();
      for (const step of [10, 40, 80]) useEditor.getState().onNodesChange([{ type: "position", id: "group:value", position: { x: frame.x + step, y: frame.y + step / 2 }, dragging: true }]);
      useEditor.getState().onNodesChange([{ type: "position", id: "group:value", position: { x: frame.x + 80, y: frame.y + 40 }, dragging: false }]);
    });
    expect(positionOf("sampler")).toEqual({ x: start.sampler.x + 80, y: start.sampler.y + 40 });
    expect(positionOf("q")).toEqual({ x: start.q.x + 80, y: start.q.y + 40 });
    expect(positionOf("env")).toEqual(start.env);
  });

  it("moves a node dragged with its group's frame once, not twice", () => {
    const start = { sampler: positionOf("sampler"), q: positionOf("q") };
    const frame = frameOf("value");
    useEditor.getState().onNodesChange([
      { type: "position", id: "group:value", position: { x: frame.x + 30, y: frame.y }, dragging: true },
      { type: "position", id: "sampler", position: { x: start.sampler.x + 30, y: start.sampler.y }, dragging: true },
    ]);
    expect(positionOf("sampler")).toEqual({ x: start.sampler.x + 30, y: start.sampler.y });
    expect(positionOf("q")).toEqual({ x: start.q.x + 30, y: start.q.y });
  });

  it("adds, edits, resizes and deletes a note, each one undo step", () => {
    let id = "";
    oneUndoStep(() => (id = addNote({ x: 5, y: 6 })));
    expect(id).toBe("note:note-1");
    oneUndoStep(() => setNoteText(id, "**Hello**"));
    expect(toPipelineDocument(doc())["notes"]).toContainEqual({ id: "note-1", text: "**Hello**", position: { x: 5, y: 6 }, size: { width: 260, height: 160 } });
    oneUndoStep(() => {
      useEditor.getState().checkpoint();
      useEditor.getState().onNodesChange([{ type: "dimensions", id, dimensions: { width: 400, height: 220 }, resizing: true, setAttributes: true }]);
      useEditor.getState().onNodesChange([{ type: "dimensions", id, dimensions: { width: 420, height: 230 }, resizing: false, setAttributes: true }]);
    });
    expect(doc().notes.find((n) => n.id === id)).toMatchObject({ width: 420, height: 230 });
    oneUndoStep(() => removeNote(id));
    expect(doc().notes.map((n) => n.id)).toEqual(["note:why"]);
  });

  it("groups the selected nodes, renames, recolours and dissolves a group, each one undo step", () => {
    useEditor.setState({ doc: { ...doc(), nodes: doc().nodes.map((n) => ({ ...n, selected: ["q", "risk"].includes(n.id) })) } });
    oneUndoStep(() => expect(groupSelectedNodes()).toBe(true));
    // q leaves "value" for the new group; the new group is selected, its nodes are not.
    expect(doc().groups.map(({ id, nodes, selected }) => ({ id, nodes, selected }))).toEqual([
      { id: "value", nodes: ["sampler"], selected: false },
      { id: "group-1", nodes: ["q", "risk"], selected: true },
    ]);
    expect(doc().nodes.filter((n) => n.selected)).toEqual([]);
    oneUndoStep(() => renameGroup("group-1", "Look-ahead"));
    oneUndoStep(() => setGroupColour("group-1", "orange"));
    oneUndoStep(() => removeFromGroup("risk"));
    expect(doc().groups.find((g) => g.id === "group-1")).toMatchObject({ name: "Look-ahead", colour: "orange", nodes: ["q"] });
    const nodesBefore = doc().nodes.map((n) => n.id);
    oneUndoStep(() => deleteGroup("group-1"));
    expect(doc().nodes.map((n) => n.id)).toEqual(nodesBefore);
  });

  it("deletes a group with the Delete key (xyflow's remove), keeping its nodes: one undo step", () => {
    oneUndoStep(() => useEditor.getState().onNodesChange([{ type: "remove", id: "group:value" }]));
    expect(doc().groups).toEqual([]);
    expect(doc().nodes.map((n) => n.id)).toContain("sampler");
  });

  it("drops deleted and renamed nodes from their group, and a group left empty", () => {
    oneUndoStep(() => expect(useEditor.getState().renameNode("q", "scorer")).toBeUndefined());
    expect(doc().groups[0]!.nodes).toEqual(["sampler", "scorer"]);
    oneUndoStep(() => removeNodes(["sampler"]));
    expect(doc().groups[0]!.nodes).toEqual(["scorer"]);
    oneUndoStep(() => useEditor.getState().onNodesChange([{ type: "remove", id: "scorer" }]));
    expect(doc().groups).toEqual([]);
  });
});
