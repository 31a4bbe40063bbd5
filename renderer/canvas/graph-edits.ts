import type { Connection } from "@xyflow/react";
import type { KindDescription } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import { pruneGroups } from "../document/node-groups.js";
import { uniqueNodeId } from "../document/node-ids.js";
import { edgeId, type PipelineNode } from "../document/pipeline.js";
import { portsOf } from "../document/ports.js";
import { connectionRefusal } from "./connection-rules.js";

/** Selects every node (and no edge): Ctrl/Cmd+A on the canvas. Not an edit: selection is not undone. */
export function selectAllNodes(): void {
  const { doc } = useEditor.getState();
  useEditor.setState({
    doc: {
      ...doc,
      nodes: doc.nodes.map((node) => (node.selected ? node : { ...node, selected: true })),
      edges: doc.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)),
    },
  });
}

/** Removes these nodes and their edges: one undo step. */
export function removeNodes(ids: readonly string[]): void {
  const gone = new Set(ids);
  useEditor.getState().edit((doc) => {
    const nodes = doc.nodes.filter((node) => !gone.has(node.id));
    return { ...doc, nodes, edges: doc.edges.filter((edge) => !gone.has(edge.source) && !gone.has(edge.target)), groups: pruneGroups(doc.groups, nodes) };
  });
}

/** Removes these edges: one undo step. */
export function removeEdges(ids: readonly string[]): void {
  const gone = new Set(ids);
  useEditor.getState().edit((doc) => ({ ...doc, edges: doc.edges.filter((edge) => !gone.has(edge.id)) }));
}

/** The type of data an edge carries: its source port's. */
export function edgeType(id: string): string | undefined {
  const { doc, kinds } = useEditor.getState();
  const edge = doc.edges.find((candidate) => candidate.id === id);
  const source = edge && doc.nodes.find((node) => node.id === edge.source);
  return source && portsOf(kinds.get(source.data.kind), source.data.params).outputs.find((port) => port.name === edge.sourceHandle)?.type;
}

/** The ports through which a new node of `kind` would sit on an edge of `type`: an input and an output of that type. */
export function insertPorts(kind: KindDescription, type: string): { input: string; output: string } | null {
  const { inputs, outputs } = portsOf(kind, kind.defaults);
  const input = inputs.find((port) => port.type === type);
  const output = outputs.find((port) => port.type === type);
  return input && output ? { input: input.name, output: output.name } : null;
}

/**
 * Puts a new node of `kindName` on an edge, halfway between its ends: the edge is replaced by one
 * into the new node and one out of it (one undo step). Returns the new node's id.
 */
export function insertNodeIntoEdge(kindName: string, id: string): string | undefined {
  const { doc, kinds } = useEditor.getState();
  const kind = kinds.get(kindName);
  const edge = doc.edges.find((candidate) => candidate.id === id);
  const type = edgeType(id);
  const ports = kind && type ? insertPorts(kind, type) : null;
  if (!kind || !edge || !ports) return undefined;
  const source = doc.nodes.find((node) => node.id === edge.source)!;
  const target = doc.nodes.find((node) => node.id === edge.target)!;
  const nodeId = uniqueNodeId(kind, new Set(doc.nodes.map((node) => node.id)));
  const node: PipelineNode = {
    id: nodeId,
    type: "pipeline",
    position: { x: (source.position.x + target.position.x) / 2, y: (source.position.y + target.position.y) / 2 + 60 },
    data: { kind: kind.kind, title: kind.title, params: structuredClone(kind.defaults) },
    selected: true,
  };
  const sourceHandle = edge.sourceHandle ?? "";
  const targetHandle = edge.targetHandle ?? "";
  useEditor.getState().edit((current) => ({
    ...current,
    nodes: [...current.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
    edges: [
      ...current.edges.filter((e) => e.id !== id),
      { id: edgeId(edge.source, sourceHandle, nodeId, ports.input), source: edge.source, sourceHandle, target: nodeId, targetHandle: ports.input },
      { id: edgeId(nodeId, ports.output, edge.target, targetHandle), source: nodeId, sourceHandle: ports.output, target: edge.target, targetHandle },
    ],
  }));
  return nodeId;
}

/** An edge the keyboard can make: a port of the node to a port of another, in either direction. */
export interface PossibleConnection {
  connection: Connection;
  /** "sampler.candidates → q.candidates" */
  label: string;
  type: string;
}

/**
 * Every edge that could be drawn now between `nodeId` and another node (the rules of a drag:
 * matching types, a free input): its outputs to others' inputs, then others' outputs to its inputs.
 */
export function possibleConnections(nodeId: string): PossibleConnection[] {
  const { doc, kinds } = useEditor.getState();
  const node = doc.nodes.find((candidate) => candidate.id === nodeId);
  if (!node) return [];
  const portsOfNode = (n: PipelineNode) => portsOf(kinds.get(n.data.kind), n.data.params);
  const own = portsOfNode(node);
  const found: PossibleConnection[] = [];
  const consider = (connection: Connection, type: string) => {
    if (connectionRefusal(connection, doc.nodes, doc.edges, kinds) !== null) return;
    found.push({ connection, type, label: `${connection.source}.${connection.sourceHandle} → ${connection.target}.${connection.targetHandle}` });
  };
  for (const other of doc.nodes) {
    if (other.id === nodeId) continue;
    for (const output of own.outputs)
      for (const input of portsOfNode(other).inputs)
        if (input.type === output.type) consider({ source: nodeId, sourceHandle: output.name, target: other.id, targetHandle: input.name }, output.type);
  }
  for (const other of doc.nodes) {
    if (other.id === nodeId) continue;
    for (const input of own.inputs)
      for (const output of portsOfNode(other).outputs)
        if (input.type === output.type) consider({ source: other.id, sourceHandle: output.name, target: nodeId, targetHandle: input.name }, output.type);
  }
  return found;
}
