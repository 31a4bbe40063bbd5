import type { Edge, Node } from "@xyflow/react";
import { PIPELINE_FORMAT_VERSION, unplacedNodePosition, type PipelineDocument } from "../../protocol/index.js";
import { groupsFromFile, groupsToFile, notesFromFile, notesToFile, type GroupFrameNode, type NodeGroup, type NoteNode } from "./canvas-items.js";

/** What a canvas node carries: the file's node fields, nothing else (serialisable, no callbacks). */
export type PipelineNodeData = {
  kind: string;
  title: string;
  params: Record<string, unknown>;
};

export type PipelineNode = Node<PipelineNodeData, "pipeline">;
/** Anything xyflow draws as a node: a pipeline node, a note or a group's frame. */
export type CanvasNode = PipelineNode | NoteNode | GroupFrameNode;
export type PipelineEdge = Edge;

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
}

/** A new document's name, until Save as names it after its file. */
export const UNTITLED_NAME = "untitled";

export function emptyDocument(): EditorDocument {
  return { name: UNTITLED_NAME, description: "", run: { ...DEFAULT_RUN }, nodes: [], edges: [], notes: [], groups: [], extra: {} };
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
  const editorNodes: PipelineNode[] = (Array.isArray(nodes) ? nodes : []).filter(isObject).map((node, index) => {
    const position = isObject(node.position) ? node.position : {};
    const unplaced = unplacedNodePosition(index);
    return {
      id: String(node.id ?? `node-${index + 1}`),
      type: "pipeline",
      position: { x: Number(position.x ?? unplaced.x), y: Number(position.y ?? unplaced.y) },
      data: {
        kind: String(node.kind ?? ""),
        title: typeof node.title === "string" ? node.title : String(node.id ?? ""),
        params: isObject(node.params) ? node.params : {},
      },
    };
  });
  const editorEdges: PipelineEdge[] = [];
  for (const edge of Array.isArray(edges) ? edges : []) {
    if (!isObject(edge)) continue;
    const from = splitRef(edge.from);
    const to = splitRef(edge.to);
    if (!from || !to) continue;
    editorEdges.push({ id: edgeId(from.node, from.port, to.node, to.port), source: from.node, sourceHandle: from.port, target: to.node, targetHandle: to.port });
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
  };
}

/** The pipeline file the editor's document stands for (the server writes it in the stable format). */
export function toPipelineDocument(doc: EditorDocument): PipelineDocument {
  return {
    format: "foresight/pipeline",
    version: PIPELINE_FORMAT_VERSION,
    name: doc.name,
    ...(doc.description ? { description: doc.description } : {}),
    ...doc.extra,
    run: doc.run,
    nodes: doc.nodes.map((node) => ({
      id: node.id,
      kind: node.data.kind,
      title: node.data.title,
      params: node.data.params,
      position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    })),
    edges: doc.edges.map((edge) => ({ from: `${edge.source}.${edge.sourceHandle ?? ""}`, to: `${edge.target}.${edge.targetHandle ?? ""}` })),
    // Written only when there are some, so a pipeline without them reads as it did in version 1.
    ...(doc.notes.length > 0 ? { notes: notesToFile(doc.notes) } : {}),
    ...(doc.groups.length > 0 ? { groups: groupsToFile(doc.groups) } : {}),
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
