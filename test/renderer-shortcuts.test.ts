import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { ACCELERATORS } from "../electron/menu.js";
import { keysOf, SHORTCUTS, shortcutOf, type ShortcutId } from "../renderer/app/shortcuts.js";
import { insertNodeIntoEdge, possibleConnections, removeNodes, selectAllNodes } from "../renderer/canvas/graph-edits.js";
import { useEditor } from "../renderer/document/editor-store.js";
import { fromPipelineDocument } from "../renderer/document/pipeline.js";
import { kindCatalog } from "../host/editor-api/kind-catalog.js";
import { builtinRegistry } from "../nodes/index.js";

const ALL = SHORTCUTS.map((shortcut) => shortcut.id);
/** A key event as the browser gives it, from somewhere on the page (`target`: what `closest` and `tagName` see). */
function key(key: string, modifiers: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}, target: object = canvas) {
  return { key, ctrlKey: !!modifiers.ctrl, metaKey: !!modifiers.meta, shiftKey: !!modifiers.shift, altKey: !!modifiers.alt, target };
}
const canvas = { tagName: "DIV", closest: (selector: string) => (selector === "[data-canvas]" ? {} : null) };
const toolbar = { tagName: "BUTTON", closest: () => null };
const field = { tagName: "INPUT", closest: () => null };
/** Where Monaco types in Chromium: a plain DIV fed by the EditContext API, inside the editor's container. */
const monacoEditContext = { tagName: "DIV", isContentEditable: false, closest: (selector: string) => (selector === ".monaco-editor" ? {} : null) };

describe("the editor's shortcut table", () => {
  it("matches Ctrl or Cmd as Mod, and printed symbols whatever Shift took to type them", () => {
    expect(shortcutOf(key("k", { ctrl: true }), ALL)).toBe("find");
    expect(shortcutOf(key("k", { meta: true }), ALL)).toBe("find");
    expect(shortcutOf(key("k", { ctrl: true, alt: true }), ALL)).toBeNull();
    expect(shortcutOf(key("Z", { ctrl: true, shift: true }), ALL)).toBe("redo");
    expect(shortcutOf(key("z", { ctrl: true }), ALL)).toBe("undo");
    expect(shortcutOf(key("?", { shift: true }), ALL)).toBe("shortcut-help");
    expect(shortcutOf(key("b", { ctrl: true, alt: true }), ALL)).toBe("toggle-side");
    expect(shortcutOf(key("F5", { shift: true }), ALL)).toBe("stop");
    expect(shortcutOf(key("S", { ctrl: true, shift: true }), ALL)).toBe("save-as");
    expect(shortcutOf(key("s", { ctrl: true }), ALL)).toBe("save");
  });

  it("leaves text fields their own keys, and Ctrl+F to the browser away from the canvas", () => {
    expect(shortcutOf(key("a", { ctrl: true }, field), ALL)).toBeNull();
    expect(shortcutOf(key("c", {}, field), ALL)).toBeNull();
    expect(shortcutOf(key("a", { ctrl: true }, toolbar), ALL)).toBe("select-all");
    expect(shortcutOf(key("f", { ctrl: true }, canvas), ALL)).toBe("find-in-canvas");
    expect(shortcutOf(key("f", { ctrl: true }, toolbar), ALL)).toBeNull();
    for (const typed of ["c", "C", "n", "N", "?", "."]) expect(shortcutOf(key(typed, { shift: typed !== typed.toLowerCase() || typed === "?" }, monacoEditContext), ALL), typed).toBeNull();
    expect(shortcutOf(key("a", { ctrl: true }, monacoEditContext), ALL)).toBeNull();
    // Undo and save act wherever focus is.
    expect(shortcutOf(key("s", { ctrl: true }, field), ALL)).toBe("save");
  });

  it("gives each key combination one meaning", () => {
    // Keys of one place (a panel's edge, a note being typed) mean something else only there.
    const combos = SHORTCUTS.filter((shortcut) => !shortcut.where).flatMap((shortcut) => shortcut.keys.map((combo) => combo.toLowerCase()));
    expect(combos.filter((combo, index) => combos.indexOf(combo) !== index)).toEqual([]);
    expect(new Set(ALL).size).toBe(ALL.length);
  });

  it("has the desktop menu's keys: those it leaves to the page, and those the browser editor takes itself (open, save as, run)", () => {
    const asTable = (accelerator: string) => accelerator.replace("CmdOrCtrl", "Mod");
    const pairs: [string, ShortcutId][] = [
      [ACCELERATORS.open, "open"],
      [ACCELERATORS.save, "save"],
      [ACCELERATORS.saveAs, "save-as"],
      [ACCELERATORS.undo, "undo"],
      [ACCELERATORS.redo, "redo"],
      [ACCELERATORS.run, "run"],
      [ACCELERATORS.pause, "pause"],
      [ACCELERATORS.step, "step"],
      [ACCELERATORS.stop, "stop"],
    ];
    for (const [accelerator, id] of pairs) expect(keysOf(id), id).toContain(asTable(accelerator));
  });
});

const catalog = kindCatalog(builtinRegistry());
const example = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8"));

describe("canvas commands on the document", () => {
  beforeEach(() => {
    useEditor.getState().setCatalog(catalog);
    useEditor.getState().load(fromPipelineDocument(structuredClone(example)), null);
  });
  const doc = () => useEditor.getState().doc;

  it("inserts a node into an edge in one undo step: the edge becomes one into it and one out of it", () => {
    const edges = doc().edges.length;
    const id = insertNodeIntoEdge("risk-filter", "sampler.candidates->q.candidates");
    expect(id).toBe("risk-2");
    expect(doc().edges.map((edge) => edge.id)).toEqual(expect.arrayContaining(["sampler.candidates->risk-2.candidates", "risk-2.candidates->q.candidates"]));
    expect(doc().edges.map((edge) => edge.id)).not.toContain("sampler.candidates->q.candidates");
    expect(doc().edges.length).toBe(edges + 1);
    useEditor.getState().undo();
    expect(doc().nodes.map((node) => node.id)).not.toContain("risk-2");
    expect(doc().edges.length).toBe(edges);
  });

  it("refuses to insert a kind that does not take and give the edge's type", () => {
    expect(insertNodeIntoEdge("policy", "sampler.candidates->q.candidates")).toBeUndefined();
    expect(useEditor.getState().past).toEqual([]);
  });

  it("offers only edges that could be drawn: matching types into free inputs", () => {
    // Every input of the sampler and the Q-scorer is taken in the example.
    expect(possibleConnections("sampler").map((possible) => possible.label)).toEqual([]);
    removeNodes(["risk"]);
    // The editor offers a kind's every output (the Q-scorer's LLM variant has exchanges; validation holds them to the variant).
    expect(possibleConnections("q").map((possible) => possible.label)).toEqual(["q.candidates → executor.candidates", "q.exchanges → dataset.exchanges"]);
    useEditor.getState().undo();
    expect(doc().nodes.map((node) => node.id)).toContain("risk");
  });

  it("selects every node and no edge, without an undo step", () => {
    selectAllNodes();
    expect(doc().nodes.every((node) => node.selected)).toBe(true);
    expect(doc().edges.some((edge) => edge.selected)).toBe(false);
    expect(useEditor.getState().past).toEqual([]);
  });
});
