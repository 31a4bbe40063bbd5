import { applyNodeChanges, type NodeChange, type XYPosition } from "@xyflow/react";
import { GROUP_COLOURS } from "../../protocol/index.js";
import { freshId, GROUP_PREFIX, NOTE_PREFIX, type GroupFrameNode, type NodeGroup, type NoteNode } from "./canvas-items.js";
import type { EditorDocument, PipelineNode } from "./pipeline.js";

/** Room around a group's nodes, and the band above them that holds its name. */
export const FRAME_PADDING = 20;
export const FRAME_HEADER = 36;
/** A card's size before xyflow has measured it. */
const UNMEASURED = { width: 220, height: 140 };

/** The rectangle a group's frame covers: its nodes, padded, with the name band on top; null for a group whose nodes are gone. */
export function groupFrame(group: NodeGroup, nodesById: ReadonlyMap<string, PipelineNode>): { x: number; y: number; width: number; height: number } | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const id of group.nodes) {
    const node = nodesById.get(id);
    if (!node) continue;
    const width = node.measured?.width ?? node.width ?? UNMEASURED.width;
    const height = node.measured?.height ?? node.height ?? UNMEASURED.height;
    minX = Math.min(minX, node.position.x);
    minY = Math.min(minY, node.position.y);
    maxX = Math.max(maxX, node.position.x + width);
    maxY = Math.max(maxY, node.position.y + height);
  }
  if (minX === Infinity) return null;
  return { x: minX - FRAME_PADDING, y: minY - FRAME_PADDING - FRAME_HEADER, width: maxX - minX + 2 * FRAME_PADDING, height: maxY - minY + 2 * FRAME_PADDING + FRAME_HEADER };
}

/**
 * Each group's frame as a canvas item, behind every card and note. Only its name band takes the pointer
 * (styles.css), so the canvas inside a frame still pans and box-selects.
 */
export function groupFrames(groups: readonly NodeGroup[], nodes: readonly PipelineNode[]): GroupFrameNode[] {
  if (groups.length === 0) return [];
  const nodesById = new Map(nodes.map((node) => [node.id, node]));
  return groups.flatMap((group) => {
    const frame = groupFrame(group, nodesById);
    if (!frame) return [];
    return [
      {
        id: GROUP_PREFIX + group.id,
        type: "group-frame" as const,
        position: { x: frame.x, y: frame.y },
        width: frame.width,
        height: frame.height,
        data: { groupId: group.id, name: group.name, colour: group.colour },
        selected: group.selected ?? false,
        // Level with the cards, so its name band is above the edges (an edge across it would take the click), and
        // under them by coming first. Selecting lifts an item by 1000 (xyflow's elevateNodesOnSelect): not a frame.
        zIndex: group.selected ? -1000 : 0,
        dragHandle: ".group-frame-header",
        connectable: false,
        className: "group-frame-node",
        ariaRole: "group",
        ariaLabel: `Group ${group.name || group.id}`,
      },
    ];
  });
}

/** The group a node is in, if any. */
export function groupOfNode(groups: readonly NodeGroup[], nodeId: string): NodeGroup | undefined {
  return groups.find((group) => group.nodes.includes(nodeId));
}

/** Groups without the nodes that are gone; a group left with none goes too. */
export function pruneGroups(groups: readonly NodeGroup[], nodes: readonly PipelineNode[]): NodeGroup[] {
  const ids = new Set(nodes.map((node) => node.id));
  if (groups.every((group) => group.nodes.every((id) => ids.has(id)))) return groups as NodeGroup[];
  return groups.map((group) => ({ ...group, nodes: group.nodes.filter((id) => ids.has(id)) })).filter((group) => group.nodes.length > 0);
}

/**
 * A new group of `nodeIds`, selected (the nodes are not, so Delete removes the group, not them),
 * named "Group N", in the next colour of the palette. Nodes leave the groups they were in.
 */
export function groupNodes(doc: EditorDocument, nodeIds: readonly string[]): EditorDocument {
  const members = new Set(nodeIds);
  const id = freshId("group", doc.groups.map((group) => group.id));
  const colour = GROUP_COLOURS[(doc.groups.length + 6) % GROUP_COLOURS.length]!;
  const others = doc.groups
    .map((group) => ({ ...group, selected: false, nodes: group.nodes.filter((node) => !members.has(node)) }))
    .filter((group) => group.nodes.length > 0);
  const group: NodeGroup = { id, name: `Group ${id.slice("group-".length)}`, colour, nodes: doc.nodes.filter((node) => members.has(node.id)).map((node) => node.id), selected: true };
  return {
    ...doc,
    nodes: doc.nodes.map((node) => (node.selected ? { ...node, selected: false } : node)),
    notes: doc.notes.map((note) => (note.selected ? { ...note, selected: false } : note)),
    groups: [...others, group],
  };
}

/**
 * Applies xyflow's changes to notes and group frames. A frame's move moves its nodes by as much,
 * measured from the frame as it was (`before`), except the nodes that moved themselves in the same
 * drag (they were selected with it). A frame's size is its nodes', so size changes are dropped.
 */
export function applyCanvasItemChanges(changes: readonly NodeChange[], before: EditorDocument, after: EditorDocument, movedNodes: ReadonlySet<string>): EditorDocument {
  const noteChanges = changes.filter((change) => itemId(change).startsWith(NOTE_PREFIX)) as NodeChange<NoteNode>[];
  const groupChanges = changes.filter((change) => itemId(change).startsWith(GROUP_PREFIX));
  let doc = noteChanges.length > 0 ? { ...after, notes: applyNodeChanges(noteChanges, after.notes) } : after;
  if (groupChanges.length === 0) return doc;

  const beforeById = new Map(before.nodes.map((node) => [node.id, node]));
  const shifts = new Map<string, XYPosition>();
  const removed = new Set<string>();
  const selected = new Map<string, boolean>();
  for (const change of groupChanges) {
    const groupId = itemId(change).slice(GROUP_PREFIX.length);
    if (change.type === "remove") removed.add(groupId);
    else if (change.type === "select") selected.set(groupId, change.selected);
    else if (change.type === "position" && change.position) {
      const group = before.groups.find((candidate) => candidate.id === groupId);
      const frame = group && groupFrame(group, beforeById);
      if (!group || !frame) continue;
      const delta = { x: change.position.x - frame.x, y: change.position.y - frame.y };
      if (delta.x === 0 && delta.y === 0) continue;
      for (const nodeId of group.nodes) if (!movedNodes.has(nodeId)) shifts.set(nodeId, delta);
    }
  }
  if (shifts.size > 0) {
    doc = {
      ...doc,
      nodes: doc.nodes.map((node) => {
        const delta = shifts.get(node.id);
        return delta ? { ...node, position: { x: node.position.x + delta.x, y: node.position.y + delta.y } } : node;
      }),
    };
  }
  if (removed.size > 0 || selected.size > 0) {
    doc = {
      ...doc,
      groups: doc.groups
        .filter((group) => !removed.has(group.id))
        .map((group) => (selected.has(group.id) && selected.get(group.id) !== (group.selected ?? false) ? { ...group, selected: selected.get(group.id)! } : group)),
    };
  }
  return doc;
}

/** The canvas item a change is about (every kind of change names one). */
export function itemId(change: NodeChange): string {
  return change.type === "add" || change.type === "replace" ? change.item.id : change.id;
}
