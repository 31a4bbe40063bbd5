import type { XYPosition } from "@xyflow/react";
import { shortcutLabel } from "../app/shortcuts.js";
import { GROUP_PREFIX, NOTE_PREFIX } from "../document/canvas-items.js";
import { useEditor } from "../document/editor-store.js";
import { groupOfNode } from "../document/node-groups.js";
import { duplicateSelection, hasCopiedNodes, pasteNodes } from "../document/node-clipboard.js";
import { addNote, deleteGroup, groupSelectedNodes, removeFromGroup, removeNote, selectGroupNodes } from "./canvas-item-edits.js";
import { useCanvasOverlay, type MenuTarget } from "./canvas-overlay.js";
import type { MenuAction } from "./ContextMenu.js";
import { removeEdges, removeNodes, selectAllNodes } from "./graph-edits.js";
import { useItemEditing } from "./item-editing.js";
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

/** What a right-click on a canvas item is about: a node, a note or a group's frame. */
export function menuTargetOf(itemId: string): MenuTarget {
  if (itemId.startsWith(NOTE_PREFIX)) return { type: "note", noteId: itemId };
  if (itemId.startsWith(GROUP_PREFIX)) return { type: "group", frameId: itemId };
  return { type: "node", nodeId: itemId };
}

/** The menu's name (its accessible label) and actions, for what was right-clicked. */
export function menuFor(target: MenuTarget, flow: Flow): { label: string; actions: MenuAction[] } {
  const overlay = useCanvasOverlay.getState();
  if (target.type === "node") {
    const ids = actedOn(target.nodeId);
    const many = ids.length > 1 ? ` ${ids.length} nodes` : "";
    const group = groupOfNode(useEditor.getState().doc.groups, target.nodeId);
    return {
      label: `Node ${target.nodeId}`,
      actions: [
        { label: `Duplicate${many}`, shortcut: shortcutLabel("duplicate"), run: duplicateSelection },
        { label: "Connect…", shortcut: shortcutLabel("connect"), run: () => overlay.open({ type: "connect", nodeId: target.nodeId }) },
        { label: "Copy id", run: () => void copyId(target.nodeId) },
        { label: ids.length > 1 ? `Group${many}` : "Group", shortcut: shortcutLabel("group"), run: groupSelectedNodes },
        ...(group ? [{ label: `Remove from group “${group.name || group.id}”`, run: () => removeFromGroup(target.nodeId) }] : []),
        { label: `Delete${many}`, shortcut: shortcutLabel("delete"), run: () => removeNodes(ids) },
      ],
    };
  }
  if (target.type === "note") {
    const note = useEditor.getState().doc.notes.find((candidate) => candidate.id === target.noteId);
    return {
      label: note?.ariaLabel ?? "Note",
      actions: [
        { label: "Edit note", run: () => useItemEditing.getState().start(target.noteId) },
        { label: "Delete note", shortcut: shortcutLabel("delete"), run: () => removeNote(target.noteId) },
      ],
    };
  }
  if (target.type === "group") {
    const groupId = target.frameId.slice(GROUP_PREFIX.length);
    const group = useEditor.getState().doc.groups.find((candidate) => candidate.id === groupId);
    return {
      label: `Group ${group?.name || groupId}`,
      actions: [
        { label: "Rename group", run: () => useItemEditing.getState().start(target.frameId) },
        { label: "Select its nodes", run: () => selectGroupNodes(groupId) },
        { label: "Delete group (keeps its nodes)", shortcut: shortcutLabel("delete"), run: () => deleteGroup(groupId) },
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
      { label: "Add note", shortcut: shortcutLabel("add-note"), run: () => void addNote(target.at) },
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
