import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type XYPosition } from "@xyflow/react";
import { create } from "zustand";
import type { KindCatalog, KindDescription, Problem } from "../../protocol/index.js";
import { isCanvasItem } from "./canvas-items.js";
import { applyCanvasItemChanges, pruneGroups } from "./node-groups.js";
import { isDrawn } from "./drawn-edges.js";
import { edgeId, emptyDocument, retitled, toPipelineDocument, type CanvasNode, type EditorDocument, type PipelineEdge, type PipelineNode } from "./pipeline.js";
import { freeSpot } from "./free-spot.js";
import { isValidNodeId, uniqueNodeId } from "./node-ids.js";
import { withoutUnknownKey, type UnknownKey } from "./unknown-key.js";
import { shownIndex } from "./unreadable-entries.js";

/**
 * One user action's removals are one undo step, and the next action's another, however quick:
 * xyflow reports a delete's nodes and their edges as separate changes in the same turn of the
 * event loop, so the key names the turn.
 */
let removalTurn: number | null = null;
let turns = 0;
function removalKey(): string {
  if (removalTurn === null) {
    removalTurn = ++turns;
    setTimeout(() => (removalTurn = null), 0);
  }
  return `delete:${removalTurn}`;
}

/**
 * Whether a mouse drag is under way: xyflow ends a drag, and moves a node for an arrow key, with the
 * same change (a position, `dragging: false`). A drag's start is a checkpoint; a keyboard move is an
 * edit of its own. (A note resized from its top or left edge moves too, with no `dragging` at all: its
 * resize's start is the checkpoint.)
 */
let dragUnderWay = false;

/** Edits within this many ms with the same key are one undo step (typing into one field). */
const COALESCE_MS = 1000;
const HISTORY_LIMIT = 200;

/** What Ctrl+C keeps: nodes and the edges between them. */
export interface Clipboard {
  nodes: PipelineNode[];
  edges: PipelineEdge[];
}

export interface EditorState {
  catalog: KindCatalog | null;
  kinds: Map<string, KindDescription>;
  portColours: Map<string, string>;
  doc: EditorDocument;
  /** Where the document is saved, relative to the root; null for a new one. */
  path: string | null;
  /** The hash of the file at `path` as this editor last read or wrote it: a save replaces only that file. */
  diskHash: string | null;
  dirty: boolean;
  /** The document as its file holds it (serialised) when it was last read or saved; null when unknown (restored unsaved changes): undo back to it is clean. */
  savedFile: string | null;
  past: EditorDocument[];
  future: EditorDocument[];
  lastEdit: { key: string; at: number } | null;
  /** What validation said of the document; null until it has answered for this document. */
  problems: Problem[] | null;
  /** The edges as they were when validated: a problem's /edges/N is one of these, whatever was removed since. */
  problemEdges: readonly PipelineEdge[];
  /** A short message for the user (a refused connection, a save), with when it was set; `about` names what it concerns, so that thing's success can clear it. */
  notice: { text: string; tone: "info" | "error"; at: number; about?: "connection" } | null;

  setCatalog(catalog: KindCatalog): void;
  /** Puts `doc` in the editor, clean, with no undo history; `diskHash`: the file's at `path`, when it came from one. */
  load(doc: EditorDocument, path: string | null, diskHash?: string | null): void;
  /** The file's version on disk in place of the document, clean, as an undo step: Undo brings back what was shown. */
  showFromDisk(doc: EditorDocument, diskHash: string): void;
  /** Applies an undoable change to the document; `key` merges quick successive edits of one field. */
  edit(change: (doc: EditorDocument) => EditorDocument, key?: string): void;
  /** Records the document as it is as an undo step (before a drag). */
  checkpoint(): void;
  undo(): void;
  redo(): void;
  /** The document is the file at `path` now; `name`: what Save as named it (an untitled one takes its file's name). */
  markSaved(path: string, diskHash: string, name?: string): void;
  setProblems(problems: Problem[], edges: readonly PipelineEdge[]): void;
  say(text: string, tone?: "info" | "error", about?: "connection"): void;

  /** xyflow's changes to anything on the canvas: nodes, notes and group frames. */
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange[]): void;
  connect(connection: Connection): void;
  /** Removes an edge the canvas cannot draw (from the Problems panel): an undoable edit. */
  removeEdge(edge: PipelineEdge): void;
  addNode(kind: string, position?: XYPosition): string | undefined;
  select(nodeId: string | null): void;
  /** Shows where a problem is: its node, its edge (/edges/N…), or the pipeline settings. */
  reveal(problem: Problem): void;
  setNodeParams(nodeId: string, params: Record<string, unknown>, key: string): void;
  /** Removes a key validation does not know (the forms cannot show it): an undoable edit. */
  removeUnknownKey(key: UnknownKey): void;
  setNodeTitle(nodeId: string, title: string): void;
  renameNode(nodeId: string, newId: string): string | undefined;
  /** Adds copies of the clipboard's nodes (new ids), 40 px beside the originals or with their top-left corner `at`. */
  paste(clipboard: Clipboard, at?: XYPosition): void;
}

export const useEditor = create<EditorState>()((set, get) => ({
  catalog: null,
  kinds: new Map(),
  portColours: new Map(),
  doc: emptyDocument(),
  path: null,
  diskHash: null,
  dirty: false,
  savedFile: null,
  past: [],
  future: [],
  lastEdit: null,
  problems: null,
  problemEdges: [],
  notice: null,

  setCatalog(catalog) {
    set({
      catalog,
      kinds: new Map(catalog.kinds.map((kind) => [kind.kind, kind])),
      portColours: new Map(catalog.portTypes.map((type) => [type.type, type.colour])),
    });
  },

  load(doc, path, diskHash = null) {
    // The last message was about the document before (its run, its save): it goes with it.
    set({ doc, path, diskHash, dirty: false, savedFile: asSaved(doc), past: [], future: [], lastEdit: null, problems: null, notice: null });
  },

  showFromDisk(doc, diskHash) {
    const { doc: shown, past } = get();
    set({ doc, diskHash, past: [...past.slice(-HISTORY_LIMIT), shown], future: [], dirty: false, savedFile: asSaved(doc), lastEdit: null, problems: null });
  },

  edit(change, key) {
    const { doc, past, lastEdit } = get();
    const now = Date.now();
    const merge = key !== undefined && lastEdit?.key === key && now - lastEdit.at < COALESCE_MS;
    set({
      ...withoutConnectionNotice(get()),
      doc: change(doc),
      past: merge ? past : [...past.slice(-HISTORY_LIMIT), doc],
      future: [],
      dirty: true,
      lastEdit: key === undefined ? null : { key, at: now },
    });
  },

  checkpoint() {
    const { doc, past } = get();
    set({ ...withoutConnectionNotice(get()), past: [...past.slice(-HISTORY_LIMIT), doc], future: [], dirty: true, lastEdit: null });
  },

  undo() {
    const { doc, past, future } = get();
    const previous = past.at(-1);
    if (!previous) return;
    set({ doc: previous, past: past.slice(0, -1), future: [doc, ...future], dirty: differsFromSaved(previous, get().savedFile), lastEdit: null });
  },

  redo() {
    const { doc, past, future } = get();
    const next = future[0];
    if (!next) return;
    set({ doc: next, past: [...past, doc], future: future.slice(1), dirty: differsFromSaved(next, get().savedFile), lastEdit: null });
  },

  markSaved(path, diskHash, name) {
    const doc = name === undefined ? get().doc : { ...get().doc, name };
    set({ path, diskHash, dirty: false, doc, savedFile: asSaved(doc) });
  },

  setProblems(problems, problemEdges) {
    set({ problems, problemEdges });
  },

  say(text, tone = "info", about) {
    set({ notice: { text, tone, at: Date.now(), ...(about ? { about } : {}) } });
  },

  onNodesChange(changes) {
    const removing = changes.some((change) => change.type === "remove");
    const itemChanges = changes.filter((change) => isCanvasItem(change.type === "add" || change.type === "replace" ? change.item.id : change.id));
    const nodeChanges = (itemChanges.length === 0 ? changes : changes.filter((change) => !itemChanges.includes(change))) as NodeChange<PipelineNode>[];
    const apply = (doc: EditorDocument): EditorDocument => {
      let next = doc;
      if (nodeChanges.length > 0) {
        const nodes = applyNodeChanges(nodeChanges, doc.nodes);
        if (!nodeChanges.some((change) => change.type === "remove")) next = { ...doc, nodes };
        else {
          const ids = new Set(nodes.map((node) => node.id));
          next = { ...doc, nodes, edges: doc.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)), groups: pruneGroups(doc.groups, nodes) };
        }
      }
      if (itemChanges.length === 0) return next;
      const moved = new Set(nodeChanges.flatMap((change) => (change.type === "position" ? [change.id] : [])));
      return applyCanvasItemChanges(itemChanges, doc, next, moved);
    };
    // Selection, measuring and dragging are not edits (a drag's start is a checkpoint); removing is, and so is an arrow key's move.
    const moves = changes.filter((change) => change.type === "position" && change.position);
    const keyboardMove = moves.length > 0 && !dragUnderWay && moves.every((change) => change.type === "position" && change.dragging === false);
    if (moves.length > 0) dragUnderWay = moves.some((change) => change.type === "position" && change.dragging === true);
    if (removing) get().edit(apply, removalKey());
    // Arrow presses on the same nodes in quick succession are one undo step, as typing into one field is.
    else if (keyboardMove) get().edit(apply, `move:${moves.map((change) => (change.type === "position" ? change.id : "")).join(",")}`);
    else set({ doc: apply(get().doc) });
  },

  onEdgesChange(changes) {
    const apply = (doc: EditorDocument): EditorDocument => ({ ...doc, edges: applyEdgeChanges(changes, doc.edges) });
    if (changes.some((change) => change.type === "remove")) get().edit(apply, removalKey());
    else set({ doc: apply(get().doc) });
  },

  connect(connection) {
    const { source, target, sourceHandle, targetHandle } = connection;
    if (!sourceHandle || !targetHandle) return;
    const { kinds } = get();
    // An undrawn edge into this input (connection-rules.ts) gives way to the new one.
    const replaced = (doc: EditorDocument, edge: PipelineEdge) => edge.target === target && edge.targetHandle === targetHandle && !isDrawn(edge, doc.nodes, kinds);
    get().edit((doc) => ({
      ...doc,
      edges: addEdge({ ...connection, id: edgeId(source, sourceHandle, target, targetHandle) }, doc.edges.filter((edge) => !replaced(doc, edge))),
    }));
  },

  removeEdge(removed) {
    get().edit((doc) => ({ ...doc, edges: doc.edges.filter((edge) => edge !== removed) }));
  },

  addNode(kindName, position) {
    const kind = get().kinds.get(kindName);
    if (!kind) return undefined;
    const { doc } = get();
    const id = uniqueNodeId(kind, new Set(doc.nodes.map((node) => node.id)));
    const node: PipelineNode = {
      id,
      type: "pipeline",
      position: position ?? freeSpot(doc.nodes),
      data: { kind: kind.kind, title: kind.title, params: structuredClone(kind.defaults) },
      selected: true,
    };
    get().edit((current) => ({ ...current, nodes: [...current.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] }));
    return id;
  },

  select(nodeId) {
    const { doc } = get();
    set({
      doc: {
        ...doc,
        nodes: doc.nodes.map((node) => (node.selected === (node.id === nodeId) ? node : { ...node, selected: node.id === nodeId })),
        // A note or a group left selected would go with the node on the next Delete.
        notes: doc.notes.some((note) => note.selected) ? doc.notes.map((note) => (note.selected ? { ...note, selected: false } : note)) : doc.notes,
        groups: doc.groups.some((group) => group.selected) ? doc.groups.map((group) => (group.selected ? { ...group, selected: false } : group)) : doc.groups,
      },
    });
  },

  reveal(problem) {
    if (problem.nodeId && get().doc.nodes.some((node) => node.id === problem.nodeId)) return get().select(problem.nodeId);
    const savedIndex = /^\/edges\/(\d+)/.exec(problem.pointer)?.[1];
    get().select(null);
    if (savedIndex === undefined) return;
    const { doc } = get();
    const edgeIndex = shownIndex("edges", Number(savedIndex), doc.edges.length, doc.unreadable);
    set({ doc: { ...doc, edges: doc.edges.map((edge, index) => (edge.selected === (index === edgeIndex) ? edge : { ...edge, selected: index === edgeIndex })) } });
  },

  setNodeParams(nodeId, params, key) {
    get().edit((doc) => ({ ...doc, nodes: doc.nodes.map((node) => (node.id === nodeId ? { ...node, data: { ...node.data, params } } : node)) }), `params:${nodeId}:${key}`);
  },

  removeUnknownKey(key) {
    get().edit((doc) => withoutUnknownKey(doc, key));
  },

  setNodeTitle(nodeId, title) {
    get().edit((doc) => ({ ...doc, nodes: doc.nodes.map((node) => (node.id === nodeId ? { ...node, data: { ...node.data, title } } : node)) }), `title:${nodeId}`);
  },

  renameNode(nodeId, newId) {
    const { doc } = get();
    if (newId === nodeId) return undefined;
    if (!isValidNodeId(newId)) return "an id starts with a letter and uses only letters, digits, _ and -";
    if (doc.nodes.some((node) => node.id === newId)) return `another node is called "${newId}"`;
    const rename = (id: string) => (id === nodeId ? newId : id);
    get().edit((current) => ({
      ...current,
      nodes: current.nodes.map((node) => (node.id === nodeId ? { ...node, id: newId, data: retitled(node.data, nodeId, newId) } : node)),
      edges: current.edges.map((edge) => {
        const source = rename(edge.source);
        const target = rename(edge.target);
        return { ...edge, source, target, id: edgeId(source, edge.sourceHandle ?? "", target, edge.targetHandle ?? "") };
      }),
      groups: current.groups.map((group) => (group.nodes.includes(nodeId) ? { ...group, nodes: group.nodes.map(rename) } : group)),
    }));
    return undefined;
  },

  paste(clipboard, at) {
    if (clipboard.nodes.length === 0) return;
    const shift = at
      ? { x: at.x - Math.min(...clipboard.nodes.map((node) => node.position.x)), y: at.y - Math.min(...clipboard.nodes.map((node) => node.position.y)) }
      : { x: 40, y: 40 };
    get().edit((doc) => {
      const taken = new Set(doc.nodes.map((node) => node.id));
      const ids = new Map<string, string>();
      const nodes = clipboard.nodes.map((node) => {
        const id = uniqueNodeId(get().kinds.get(node.data.kind) ?? { kind: node.data.kind }, taken);
        taken.add(id);
        ids.set(node.id, id);
        return { ...structuredClone(node), id, selected: true, position: { x: node.position.x + shift.x, y: node.position.y + shift.y } };
      });
      const edges = clipboard.edges.flatMap((edge) => {
        const source = ids.get(edge.source);
        const target = ids.get(edge.target);
        if (!source || !target) return [];
        return [{ ...edge, source, target, id: edgeId(source, edge.sourceHandle ?? "", target, edge.targetHandle ?? ""), selected: false }];
      });
      return {
        ...doc,
        nodes: [...doc.nodes.map((node) => (node.selected ? { ...node, selected: false } : node)), ...nodes],
        edges: [...doc.edges, ...edges],
      };
    });
  },
}));

/** A refused connection's message is out of date after the next edit (an edge made, a node moved or added). */
function withoutConnectionNotice(state: EditorState): Partial<EditorState> {
  return state.notice?.about === "connection" ? { notice: null } : {};
}

/** What a save would write: selection, measuring and sub-pixel moves are not changes. */
function asSaved(doc: EditorDocument): string {
  return JSON.stringify(toPipelineDocument(doc));
}

/** Whether `doc` differs from the saved file (unknown counts as different). */
function differsFromSaved(doc: EditorDocument, savedFile: string | null): boolean {
  return savedFile === null || asSaved(doc) !== savedFile;
}
