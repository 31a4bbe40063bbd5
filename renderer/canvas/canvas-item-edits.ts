import type { XYPosition } from "@xyflow/react";
import { counted, type GroupColour } from "../../protocol/index.js";
import { freshId, GROUP_PREFIX, NOTE_PREFIX, noteLabel, noteNode } from "../document/canvas-items.js";
import { useEditor } from "../document/editor-store.js";
import { groupNodes } from "../document/node-groups.js";
import { useItemEditing } from "./item-editing.js";

// Notes and groups as user actions: each is one undo step.

/** Adds an empty note with its top-left corner `at`, selected and open for typing; returns its canvas id. */
export function addNote(at: XYPosition): string {
  const { doc, edit } = useEditor.getState();
  const note = { ...noteNode(freshId("note", doc.notes.map((n) => n.id.slice(NOTE_PREFIX.length))), "", at), selected: true };
  edit((current) => ({
    ...current,
    nodes: current.nodes.map((node) => (node.selected ? { ...node, selected: false } : node)),
    notes: [...current.notes.map((n) => (n.selected ? { ...n, selected: false } : n)), note],
  }));
  useItemEditing.getState().start(note.id);
  return note.id;
}

/** Replaces a note's text (nothing when it is the same). */
export function setNoteText(noteId: string, text: string): void {
  const { doc, edit } = useEditor.getState();
  if (doc.notes.find((note) => note.id === noteId)?.data.text === text) return;
  edit((current) => ({
    ...current,
    notes: current.notes.map((note) => (note.id === noteId ? { ...note, data: { ...note.data, text }, ariaLabel: noteLabel(text) } : note)),
  }));
}

export function removeNote(noteId: string): void {
  useEditor.getState().edit((doc) => ({ ...doc, notes: doc.notes.filter((note) => note.id !== noteId) }));
}

/** Groups the selected nodes; false (and nothing changes) when no node is selected. */
export function groupSelectedNodes(): boolean {
  const { doc, edit, say } = useEditor.getState();
  const ids = doc.nodes.filter((node) => node.selected).map((node) => node.id);
  if (ids.length === 0) {
    say("Select the nodes to group first", "error");
    return false;
  }
  edit((current) => groupNodes(current, ids));
  const group = useEditor.getState().doc.groups.at(-1)!;
  say(`Grouped ${counted(ids.length, "node")} as “${group.name}”`);
  return true;
}

function editGroup(groupId: string, change: (group: { name: string; colour: GroupColour; nodes: string[] }) => Partial<{ name: string; colour: GroupColour; nodes: string[] }>): void {
  useEditor.getState().edit((doc) => ({
    ...doc,
    groups: doc.groups.flatMap((group) => {
      if (group.id !== groupId) return [group];
      const changed = { ...group, ...change(group) };
      return changed.nodes.length > 0 ? [changed] : [];
    }),
  }));
}

export function renameGroup(groupId: string, name: string): void {
  const group = useEditor.getState().doc.groups.find((g) => g.id === groupId);
  if (!group || group.name === name) return;
  editGroup(groupId, () => ({ name }));
}

export function setGroupColour(groupId: string, colour: GroupColour): void {
  const group = useEditor.getState().doc.groups.find((g) => g.id === groupId);
  if (!group || group.colour === colour) return;
  editGroup(groupId, () => ({ colour }));
}

/** Takes a node out of its group; a group left empty goes too. */
export function removeFromGroup(nodeId: string): void {
  const group = useEditor.getState().doc.groups.find((g) => g.nodes.includes(nodeId));
  if (group) editGroup(group.id, (g) => ({ nodes: g.nodes.filter((id) => id !== nodeId) }));
}

/** Deletes a group's frame; its nodes stay where they are. */
export function deleteGroup(groupId: string): void {
  useEditor.getState().edit((doc) => ({ ...doc, groups: doc.groups.filter((group) => group.id !== groupId) }));
}

/** Selects a group's nodes (and nothing else), e.g. to copy or move them with the keyboard. */
export function selectGroupNodes(groupId: string): void {
  const { doc } = useEditor.getState();
  const members = new Set(doc.groups.find((group) => group.id === groupId)?.nodes ?? []);
  useEditor.setState({
    doc: {
      ...doc,
      nodes: doc.nodes.map((node) => (node.selected === members.has(node.id) ? node : { ...node, selected: members.has(node.id) })),
      notes: doc.notes.map((note) => (note.selected ? { ...note, selected: false } : note)),
      groups: doc.groups.map((group) => (group.selected ? { ...group, selected: false } : group)),
    },
  });
}

/** The canvas id of a group's frame. */
export function frameId(groupId: string): string {
  return GROUP_PREFIX + groupId;
}
