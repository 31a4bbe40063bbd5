import type { KindDescription, Problem } from "../../protocol/index.js";
import type { PipelineEdge, PipelineNode } from "./pipeline.js";
import { portsOf } from "./ports.js";
import { shownIndex, type UnreadableEntry } from "./unreadable-entries.js";

/**
 * Whether the canvas can draw `edge`: its source node exists and has that output. One that cannot
 * (a node renamed or deleted by hand, a typo in "from") feeds nothing on the canvas, so it does not
 * keep its input from taking a new edge; the Problems panel offers to remove it.
 */
export function isDrawn(edge: PipelineEdge, nodes: readonly PipelineNode[], kinds: ReadonlyMap<string, KindDescription>): boolean {
  const source = nodes.find((node) => node.id === edge.source);
  return source !== undefined && portsOf(kinds.get(source.data.kind), source.data.params).outputs.some((port) => port.name === edge.sourceHandle);
}

export function drawnEdges(edges: readonly PipelineEdge[], nodes: readonly PipelineNode[], kinds: ReadonlyMap<string, KindDescription>): PipelineEdge[] {
  return edges.filter((edge) => isDrawn(edge, nodes, kinds));
}

/** The edge among `edges` (what was validated) that a problem says the canvas cannot draw (a missing node or port at one end). */
export function undrawnEdge(problem: Problem, edges: readonly PipelineEdge[], unreadable?: readonly UnreadableEntry[]): PipelineEdge | undefined {
  if (problem.code !== "dangling-edge" && problem.code !== "unknown-port") return undefined;
  const index = /^\/edges\/(\d+)\/(from|to)$/.exec(problem.pointer)?.[1];
  return index === undefined ? undefined : edges[shownIndex("edges", Number(index), edges.length, unreadable) ?? -1];
}
