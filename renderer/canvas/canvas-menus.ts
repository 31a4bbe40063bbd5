import type { XYPosition } from "@xyflow/react";
import { shortcutLabel } from "../app/shortcuts.js";
import { useEditor } from "../document/editor-store.js";
import { duplicateSelection, hasCopiedNodes, pasteNodes } from "../document/node-clipboard.js";
import { useCanvasOverlay, type MenuTarget } from "./canvas-overlay.js";
import type { MenuAction } from "./ContextMenu.js";
import { removeEdges, removeNodes, selectAllNodes } from "./graph-edits.js";
import { autoLayout, fitAll, type Flow } from "./view-commands.js";

/** The nodes a node's menu acts on: the whole selection when the node is part of it, else the node alone. */
function actedOn(nodeId: string): string[] {
  const selected = useEditor.getState().doc.nodes.filter((node) => node.selected).map((node) => node.id);
  return selected.includes(nodeId) ? selected : [nodeId];
}

/** Copies a node's id to the system clipboard (for --set, a script, a note), and says so. */
async function copyId(nodeId: string): Promise<void> {
  const { say } = useEditor.getState();
  try {
    // The async clipboard exists only in a secure context: a server reached over plain http by
    // another name than localhost has the older copy command only.
    if (navigator.clipboard) await navigator.clipboard.writeText(nodeId);
    else copyWithSelection(nodeId);
    say(`Copied the id “${nodeId}”`);
  } catch (error) {
    say(`Could not copy the id “${nodeId}”: ${(error as Error).message}`, "error");
  }
}

function copyWithSelection(text: string): void {
  const field = document.createElement("textarea");
  field.value = text;
  field.setAttribute("readonly", "");
  field.style.position = "fixed";
  field.style.opacity = "0";
  document.body.append(field);
  field.select();
  const copied = document.execCommand("copy");
  field.remove();
  if (!copied) throw new Error("the browser refused to copy");
}

/** The menu's name (its accessible label) and actions, for what was right-clicked. */
export function menuFor(target: MenuTarget, flow: Flow): { label: string; actions: MenuAction[] } {
  const overlay = useCanvasOverlay.getState();
  if (target.type === "node") {
    const ids = actedOn(target.nodeId);
    const many = ids.length > 1 ? ` ${ids.length} nodes` : "";
    return {
      label: `Node ${target.nodeId}`,
      actions: [
        { label: `Duplicate${many}`, shortcut: shortcutLabel("duplicate"), run: duplicateSelection },
        { label: "Connect…", shortcut: shortcutLabel("connect"), run: () => overlay.open({ type: "connect", nodeId: target.nodeId }) },
        { label: "Copy id", run: () => void copyId(target.nodeId) },
        { label: `Delete${many}`, shortcut: shortcutLabel("delete"), run: () => removeNodes(ids) },
      ],
    };
  }
  if (target.type === "edge") {
    return {
      label: `Edge ${target.edgeId}`,
      actions: [
        { label: "Insert node…", run: () => overlay.open({ type: "add-node", at: edgeMiddle(target.edgeId), edgeId: target.edgeId }) },
        { label: "Delete", shortcut: shortcutLabel("delete"), run: () => removeEdges([target.edgeId]) },
      ],
    };
  }
  return {
    label: "Canvas",
    actions: [
      { label: "Add node…", run: () => overlay.open({ type: "add-node", at: target.at }) },
      { label: "Paste", shortcut: shortcutLabel("paste"), disabled: !hasCopiedNodes(), run: () => pasteNodes(target.at) },
      { label: "Select all", shortcut: shortcutLabel("select-all"), run: selectAllNodes },
      { label: "Auto layout", run: () => void autoLayout(flow) },
      { label: "Fit view", shortcut: shortcutLabel("fit-view"), run: () => fitAll(flow, 200) },
    ],
  };
}

/** Halfway between an edge's two nodes (flow coordinates). */
function edgeMiddle(edgeId: string): XYPosition {
  const { doc } = useEditor.getState();
  const edge = doc.edges.find((candidate) => candidate.id === edgeId);
  const ends = doc.nodes.filter((node) => node.id === edge?.source || node.id === edge?.target);
  if (ends.length === 0) return { x: 0, y: 0 };
  return { x: ends.reduce((sum, node) => sum + node.position.x, 0) / ends.length, y: ends.reduce((sum, node) => sum + node.position.y, 0) / ends.length };
}
