import type { Node, XYPosition } from "@xyflow/react";
import { GROUP_COLOURS, NOTE_LIMITS, type GroupColour } from "../../protocol/index.js";

/**
 * Notes and groups as the canvas holds them. They share xyflow's node list with the pipeline's
 * nodes, so their ids carry a prefix no node id can have (node ids are letters, digits, _ and -):
 * a note "why" is the canvas item "note:why", whatever the nodes are called.
 */
export const NOTE_PREFIX = "note:";
export const GROUP_PREFIX = "group:";

/**
 * `file`: the note as its file wrote it (its other keys are saved back); `unplaced`: where the editor
 * drew a note its file did not place (its position is saved only once it is somewhere else).
 */
export type NoteData = { text: string; file?: Record<string, unknown>; unplaced?: XYPosition };
/** A Markdown note: `width` and `height` are its size (set by its resizer). */
export type NoteNode = Node<NoteData, "note">;

/** A named, coloured group of nodes; its frame is drawn around them (see node-groups.ts). */
export interface NodeGroup {
  id: string;
  name: string;
  colour: GroupColour;
  /** Node ids, each in at most one group. */
  nodes: string[];
  selected?: boolean;
  /** The group as its file wrote it (its other keys are saved back). */
  file?: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "Note: Why V-GPS" — a note's accessible name, from its first line without Markdown's marks. */
export function noteLabel(text: string): string {
  const line = text
    .split("\n")
    .map((l) => l.replace(/^\s*(#{1,6}|[-*+]|\d+[.)]|>)\s+/, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]/g, "").trim())
    .find((l) => l.length > 0);
  if (!line) return "Empty note";
  return `Note: ${line.length > 60 ? `${line.slice(0, 59)}…` : line}`;
}

/** A note as a canvas item; `size` defaults to a new note's. */
export function noteNode(id: string, text: string, position: XYPosition, size: { width: number; height: number } = NOTE_LIMITS.defaultSize): NoteNode {
  return { id: NOTE_PREFIX + id, type: "note", position, width: size.width, height: size.height, data: { text }, ariaRole: "note", ariaLabel: noteLabel(text) };
}

/** The file's `notes`; whatever is malformed is left out here (validation reports it). */
export function notesFromFile(value: unknown): NoteNode[] {
  return (Array.isArray(value) ? value : []).filter(isObject).flatMap((note, index) => {
    const position = isObject(note["position"]) ? note["position"] : undefined;
    const size = isObject(note["size"]) ? note["size"] : {};
    const shown = noteNode(
      typeof note["id"] === "string" ? note["id"] : `note-${index + 1}`,
      typeof note["text"] === "string" ? note["text"] : "",
      { x: Number(position?.["x"] ?? 0), y: Number(position?.["y"] ?? 0) },
      { width: Number(size["width"] ?? NOTE_LIMITS.defaultSize.width), height: Number(size["height"] ?? NOTE_LIMITS.defaultSize.height) },
    );
    return [{ ...shown, data: { ...shown.data, file: note, ...(position ? {} : { unplaced: shown.position }) } }];
  });
}

/** The notes as their file wrote them with the editor's fields over them; a position or size is written only when there was one or it changed. */
export function notesToFile(notes: readonly NoteNode[]): Record<string, unknown>[] {
  return notes.map((note) => {
    const { position: filePosition, size: fileSize, ...kept } = note.data.file ?? {};
    const { unplaced } = note.data;
    const moved = !unplaced || unplaced.x !== note.position.x || unplaced.y !== note.position.y;
    const size = { width: Math.round(note.width ?? NOTE_LIMITS.defaultSize.width), height: Math.round(note.height ?? NOTE_LIMITS.defaultSize.height) };
    const resized = !note.data.file || isObject(fileSize) || size.width !== NOTE_LIMITS.defaultSize.width || size.height !== NOTE_LIMITS.defaultSize.height;
    return {
      ...kept,
      id: note.id.slice(NOTE_PREFIX.length),
      text: note.data.text,
      ...(moved ? { position: { ...(isObject(filePosition) ? filePosition : {}), x: Math.round(note.position.x), y: Math.round(note.position.y) } } : {}),
      ...(resized ? { size: { ...(isObject(fileSize) ? fileSize : {}), ...size } } : {}),
    };
  });
}

export function groupsFromFile(value: unknown): NodeGroup[] {
  return (Array.isArray(value) ? value : []).filter(isObject).map((group, index) => ({
    id: typeof group["id"] === "string" ? group["id"] : `group-${index + 1}`,
    name: typeof group["name"] === "string" ? group["name"] : "",
    colour: (GROUP_COLOURS as readonly unknown[]).includes(group["colour"]) ? (group["colour"] as GroupColour) : "blue",
    nodes: Array.isArray(group["nodes"]) ? group["nodes"].filter((id): id is string => typeof id === "string") : [],
    file: group,
  }));
}

export function groupsToFile(groups: readonly NodeGroup[]): Record<string, unknown>[] {
  return groups.map((group) => ({ ...group.file, id: group.id, name: group.name, colour: group.colour, nodes: group.nodes }));
}

export type GroupFrameData = { groupId: string; name: string; colour: GroupColour };
/** A group's frame as xyflow draws it: computed from its nodes, never saved. */
export type GroupFrameNode = Node<GroupFrameData, "group-frame">;

/** Whether a canvas item id is a note's or a group frame's rather than a pipeline node's. */
export function isCanvasItem(id: string): boolean {
  return id.startsWith(NOTE_PREFIX) || id.startsWith(GROUP_PREFIX);
}

/** A fresh id among `taken`: "group-1", "group-2", … */
export function freshId(prefix: "note" | "group", taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}
