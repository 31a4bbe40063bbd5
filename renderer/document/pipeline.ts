import type { Edge, Node, XYPosition } from "@xyflow/react";
import { PIPELINE_FORMAT_VERSION, unplacedNodePosition, type PipelineDocument } from "../../protocol/index.js";
import { groupsFromFile, groupsToFile, notesFromFile, notesToFile, type GroupFrameNode, type NodeGroup, type NoteNode } from "./canvas-items.js";
import { inFileOrder, unreadableEntries, type UnreadableEntry } from "./unreadable-entries.js";

/** What a canvas node carries: the file's node fields, nothing else (serialisable, no callbacks). */
export type PipelineNodeData = {
  kind: string;
  title: string;
  params: Record<string, unknown>;
  /** The node as its file wrote it: saved back with the editor's fields over it, so keys the editor does not edit survive. */
  file?: Record<string, unknown>;
  /** Where the editor drew a node its file did not place: its position is saved only once it is somewhere else. */
  unplaced?: XYPosition;
};

export type PipelineNode = Node<PipelineNodeData, "pipeline">;
/** Anything xyflow draws as a node: a pipeline node, a note or a group's frame. */
export type CanvasNode = PipelineNode | NoteNode | GroupFrameNode;
/** An edge; `data.file` is the edge as its file wrote it (its other keys are saved back). */
export type PipelineEdge = Edge<{ file?: Record<string, unknown> }>;

/** The `run` block of a pipeline file. */
export interface RunSettings {
  episodes: number;
  seed: number;
  maxSteps: number;
  onNodeError: "endEpisode" | "endRun";
  trace: "full" | "steps" | "off";
  /** Episodes played together on one thread (absent: 1). */
  lockstep?: number;
}

/** The runtime's defaults for a file without a `run` block. */
export const DEFAULT_RUN: RunSettings = { episodes: 100, seed: 0, maxSteps: 200, onNodeError: "endEpisode", trace: "full" };

/** The document as the editor holds it; `extra` keeps top-level fields the editor does not edit (baseDir, …). */
export interface EditorDocument {
  name: string;
  description: string;
  run: RunSettings;
  nodes: PipelineNode[];
  edges: PipelineEdge[];
  /** Markdown notes, as canvas items (ids prefixed, see canvas-items.ts). */
  notes: NoteNode[];
  groups: NodeGroup[];
  extra: Record<string, unknown>;
  /** The file's `run` block as written (absent: it had none); a setting it left out is saved only once it differs from the default. */
  fileRun?: Record<string, unknown>;
  /** The file's own name and description, each present only if it had one (absent: a new document); saved as written until edited. */
  fileHeader?: { name?: unknown; description?: unknown };
  /** Entries of the file's lists the canvas cannot show, saved back where they were (unreadable-entries.ts). */
  unreadable?: readonly UnreadableEntry[];
}

/** A new document's name, until Save as names it after its file. */
export const UNTITLED_NAME = "untitled";

export function emptyDocument(): EditorDocument {
  return { name: UNTITLED_NAME, description: "", run: { ...DEFAULT_RUN }, nodes: [], edges: [], notes: [], groups: [], extra: {}, fileRun: { ...DEFAULT_RUN } };
}

export function edgeId(source: string, sourceHandle: string, target: string, targetHandle: string): string {
  return `${source}.${sourceHandle}->${target}.${targetHandle}`;
}

function splitRef(ref: unknown): { node: string; port: string } | undefined {
  if (typeof ref !== "string") return undefined;
  const dot = ref.indexOf(".");
  return dot > 0 ? { node: ref.slice(0, dot), port: ref.slice(dot + 1) } : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads a parsed pipeline file into the editor's form; whatever is malformed is left for validation to report. */
export function fromPipelineDocument(doc: PipelineDocument): EditorDocument {
  const { format: _format, version: _version, name, description, run, nodes, edges, notes, groups, ...extra } = doc;
  const runSettings = { ...DEFAULT_RUN, ...(isObject(run) ? run : {}) } as RunSettings;
  const editorNodes: PipelineNode[] = (Array.isArray(nodes) ? nodes : []).flatMap((node: unknown, index) => {
    if (!isObject(node)) return [];
    const placed = isObject(node.position);
    const position = placed ? (node.position as Record<string, unknown>) : {};
    const unplaced = unplacedNodePosition(index);
    const at = { x: Number(position.x ?? unplaced.x), y: Number(position.y ?? unplaced.y) };
    const id = String(node.id ?? `node-${index + 1}`);
    return {
      id,
      type: "pipeline",
      position: at,
      data: {
        kind: String(node.kind ?? ""),
        title: typeof node.title === "string" ? node.title : id,
        params: isObject(node.params) ? node.params : {},
        file: node,
        ...(placed ? {} : { unplaced: at }),
      },
    } satisfies PipelineNode;
  });
  const editorEdges: PipelineEdge[] = [];
  for (const edge of Array.isArray(edges) ? edges : []) {
    if (!isDrawableEdge(edge)) continue;
    const from = splitRef(edge.from)!;
    const to = splitRef(edge.to)!;
    editorEdges.push({ id: edgeId(from.node, from.port, to.node, to.port), source: from.node, sourceHandle: from.port, target: to.node, targetHandle: to.port, data: { file: edge } });
  }
  return {
    name: typeof name === "string" ? name : UNTITLED_NAME,
    description: typeof description === "string" ? description : "",
    run: runSettings,
    nodes: editorNodes,
    edges: editorEdges,
    notes: notesFromFile(notes),
    groups: groupsFromFile(groups),
    extra,
    ...(isObject(run) ? { fileRun: run } : {}),
    fileHeader: { ...(Object.hasOwn(doc, "name") ? { name } : {}), ...(Object.hasOwn(doc, "description") ? { description } : {}) },
    unreadable: [
      ...unreadableEntries("nodes", nodes, isObject),
      ...unreadableEntries("edges", edges, isDrawableEdge),
      ...unreadableEntries("notes", notes, isObject),
      ...unreadableEntries("groups", groups, isObject),
    ],
  };
}

/** An edge the editor can hold: an object whose "from" and "to" each name a node and a port. */
function isDrawableEdge(edge: unknown): edge is Record<string, unknown> {
  return isObject(edge) && splitRef(edge.from) !== undefined && splitRef(edge.to) !== undefined;
}

/** The pipeline file the editor's document stands for (the server writes it in the stable format). */
export function toPipelineDocument(doc: EditorDocument): PipelineDocument {
  const notes = inFileOrder("notes", notesToFile(doc.notes), doc.unreadable);
  const groups = inFileOrder("groups", groupsToFile(doc.groups), doc.unreadable);
  return {
    format: "foresight/pipeline",
    version: PIPELINE_FORMAT_VERSION,
    ...headerToFile(doc),
    ...doc.extra,
    ...runToFile(doc),
    nodes: inFileOrder("nodes", doc.nodes.map(nodeToFile), doc.unreadable),
    edges: inFileOrder(
      "edges",
      doc.edges.map((edge) => ({ ...edge.data?.file, from: `${edge.source}.${edge.sourceHandle ?? ""}`, to: `${edge.target}.${edge.targetHandle ?? ""}` })),
      doc.unreadable,
    ),
    // Written only when there are some, so a pipeline without them reads as it did in version 1.
    ...(notes.length > 0 ? { notes } : {}),
    ...(groups.length > 0 ? { groups } : {}),
  };
}

/**
 * The name and description to save: each as the file wrote it until edited (a file without a name
 * keeps none, so validation still says it needs one), a new document's as shown.
 */
function headerToFile(doc: EditorDocument): { name?: unknown; description?: unknown } {
  const header = doc.fileHeader;
  const name = header === undefined || doc.name !== (typeof header.name === "string" ? header.name : UNTITLED_NAME) ? { name: doc.name } : written(header, "name");
  const description =
    header === undefined || doc.description !== (typeof header.description === "string" ? header.description : "")
      ? doc.description
        ? { description: doc.description }
        : {}
      : written(header, "description");
  return { ...name, ...description };
}

/** `{ [key]: value }` as the file had it, or nothing where it had none. */
function written(header: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.hasOwn(header, key) ? { [key]: header[key] } : {};
}

/**
 * The run settings to save: those the file wrote, and the others only where they differ from the
 * default, so a file saved unchanged reads as `foresight format` writes it (no defaults filled in).
 */
function runToFile(doc: EditorDocument): { run?: Record<string, unknown> } {
  const written = doc.fileRun;
  const defaults = DEFAULT_RUN as unknown as Record<string, unknown>;
  const run = Object.fromEntries(Object.entries(doc.run).filter(([key, value]) => (written !== undefined && Object.hasOwn(written, key)) || value !== defaults[key]));
  return written === undefined && Object.keys(run).length === 0 ? {} : { run };
}

/** A renamed node's data: one with no title of its own shows its new id, as it showed the old one. */
export function retitled(data: PipelineNodeData, oldId: string, newId: string): PipelineNodeData {
  const ownTitle = !data.file || Object.hasOwn(data.file, "title") || data.title !== oldId;
  return ownTitle ? data : { ...data, title: newId };
}

/** A node as its file wrote it with the editor's fields over it: no title or position invented for one that had none. */
function nodeToFile(node: PipelineNode): Record<string, unknown> {
  const { file, unplaced } = node.data;
  const position = { x: Math.round(node.position.x), y: Math.round(node.position.y) };
  const moved = !unplaced || unplaced.x !== node.position.x || unplaced.y !== node.position.y;
  // With no title of its own a node shows its id (the new one once renamed, see editor-store.ts).
  const titled = !file || Object.hasOwn(file, "title") || node.data.title !== node.id;
  const { title: _title, position: filePosition, ...kept } = file ?? {};
  return {
    ...kept,
    id: node.id,
    kind: node.data.kind,
    ...(titled ? { title: node.data.title } : {}),
    params: node.data.params,
    ...(moved ? { position: { ...(isObject(filePosition) ? filePosition : {}), ...position } } : {}),
  };
}

/** The pipeline's name from a file path: "dir/my-run.foresight.json" → "my-run". */
export function nameFromPath(path: string): string {
  return (path.split(/[\\/]/).at(-1) ?? path).replace(/\.foresight\.json$|\.json$/, "") || UNTITLED_NAME;
}

/** What the title bar calls the document: its file's name once saved ("runs.foresight.json"), else the pipeline's name. */
export function documentLabel(name: string, path: string | null): string {
  return path ? (path.split(/[\\/]/).at(-1) ?? path) : name;
}
