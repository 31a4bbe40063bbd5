import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useEditor } from "../renderer/document/editor-store.js";
import { fromPipelineDocument, toPipelineDocument } from "../renderer/document/pipeline.js";

type Item = Record<string, unknown>;
const example = (): Record<string, unknown> & { nodes: Item[] } => JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8"));

/** The example opened, its node "q" renamed to "scorer" in the inspector; what the canvas shows and Save writes for it. */
function renamedQ(file: ReturnType<typeof example>): { shown: string | undefined; saved: Item | undefined } {
  useEditor.getState().load(fromPipelineDocument(file as never), null);
  expect(useEditor.getState().renameNode("q", "scorer")).toBeUndefined();
  const { doc } = useEditor.getState();
  const saved = (toPipelineDocument(doc).nodes as Item[]).find((node) => node.id === "scorer");
  return { shown: doc.nodes.find((node) => node.id === "scorer")?.data.title, saved };
}

describe("renaming a node", () => {
  it("shows the new id of a node with no title of its own, and still writes no title for it", () => {
    const file = example();
    delete file.nodes.find((node) => node.id === "q")!.title;
    const { shown, saved } = renamedQ(file);
    expect(shown).toBe("scorer");
    expect(saved).not.toHaveProperty("title");
  });

  it("keeps a node's own title, even one that reads as its old id", () => {
    const file = example();
    const titled = renamedQ(file);
    expect(titled.shown).toBe(file.nodes.find((node) => node.id === "q")!.title);
    file.nodes.find((node) => node.id === "q")!.title = "q";
    expect(renamedQ(file)).toEqual({ shown: "q", saved: expect.objectContaining({ title: "q" }) });
  });
});
