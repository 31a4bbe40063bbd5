import type { XYPosition } from "@xyflow/react";
import { useEditor, type Clipboard } from "./editor-store.js";
import { pruneGroups } from "./node-groups.js";

/** The editor's own clipboard of nodes (the system clipboard keeps text: ids, code). */
let clipboard: Clipboard = { nodes: [], edges: [] };

/** The selected nodes and the edges between them, as a clipboard. */
export function selectionClipboard(): Clipboard {
  const { doc } = useEditor.getState();
  const nodes = doc.nodes.filter((node) => node.selected);
  const ids = new Set(nodes.map((node) => node.id));
  return { nodes: structuredClone(nodes), edges: doc.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)) };
}

/** Keeps the selected nodes for a later paste; false when nothing is selected. */
export function copySelection(): boolean {
  const copied = selectionClipboard();
  if (copied.nodes.length === 0) return false;
  clipboard = copied;
  return true;
}

/** Copies the selected nodes, then removes them and their edges (one undo step); false when nothing is selected. */
export function cutSelection(): boolean {
  if (!copySelection()) return false;
  const gone = new Set(clipboard.nodes.map((node) => node.id));
  useEditor.getState().edit((doc) => {
    const nodes = doc.nodes.filter((node) => !gone.has(node.id));
    return { ...doc, nodes, edges: doc.edges.filter((edge) => !gone.has(edge.source) && !gone.has(edge.target)), groups: pruneGroups(doc.groups, nodes) };
  });
  return true;
}

export function hasCopiedNodes(): boolean {
  return clipboard.nodes.length > 0;
}

/** Pastes what was copied (new ids), beside the originals or with its top-left corner `at`: one undo step. */
export function pasteNodes(at?: XYPosition): void {
  useEditor.getState().paste(clipboard, at);
}

/** Copies and pastes the selection in one undo step, leaving the node clipboard as it was. */
export function duplicateSelection(): void {
  useEditor.getState().paste(selectionClipboard());
}
