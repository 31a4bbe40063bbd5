import ELK, { type ElkNode } from "elkjs/lib/elk.bundled.js";
import type { XYPosition } from "@xyflow/react";

const elk = new ELK();

/** What the layout needs of a node: its id and, once xyflow measured it, its size. */
export interface LayoutNode {
  id: string;
  measured?: { width?: number; height?: number };
}
/** What the layout needs of an edge: its ends. */
export interface LayoutEdge {
  source: string;
  target: string;
}

/** A card not yet measured is laid out at about a policy card's size. */
const DEFAULT_SIZE = { width: 220, height: 140 };
/**
 * A node wired to more nodes than this feeds many otherwise separate chains (an environment shared by
 * 100 policy → sampler → scorer chains): laid out with its edges, layered layout puts every chain in
 * one layer column, one tall stack. Such hubs are set aside, the rest packed side by side.
 */
const HUB_NEIGHBOURS = 8;
const NODE_GAP = 40;
const LAYER_GAP = 50;
const COMPONENT_GAP = 80;
/** Between the hubs' column and the packed chains: room for their fan of edges to be told apart. */
const HUB_GAP = 160;

const sizeOf = (node: LayoutNode) => ({ width: node.measured?.width ?? DEFAULT_SIZE.width, height: node.measured?.height ?? DEFAULT_SIZE.height });

/**
 * Positions for every node, in the order data flows (elk's layered layout, left to right). Parts of
 * the graph that are not connected (counting a hub's edges out, see HUB_NEIGHBOURS) are packed in rows
 * towards `aspectRatio` (the canvas's width / height), so Fit view shows many parallel chains side by
 * side instead of one column; the hubs stand in a column to the left of them, in the middle.
 */
export async function layeredLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], aspectRatio = 1.6): Promise<Map<string, XYPosition>> {
  const hubs = hubsOf(nodes, edges);
  const rest = nodes.filter((node) => !hubs.has(node.id));
  if (hubs.size === 0 || rest.length === 0) return positions(await layout(nodes, edges, aspectRatio));
  const laid = positions(await layout(rest, edges.filter((edge) => !hubs.has(edge.source) && !hubs.has(edge.target)), aspectRatio));
  const placed = [...laid.entries()].map(([id, at]) => ({ at, size: sizeOf(rest.find((node) => node.id === id)!) }));
  const top = Math.min(...placed.map(({ at }) => at.y));
  const bottom = Math.max(...placed.map(({ at, size }) => at.y + size.height));
  const left = Math.min(...placed.map(({ at }) => at.x));
  const hubNodes = nodes.filter((node) => hubs.has(node.id));
  const column = Math.max(...hubNodes.map((node) => sizeOf(node).width));
  const height = hubNodes.reduce((sum, node) => sum + sizeOf(node).height, 0) + NODE_GAP * (hubNodes.length - 1);
  let y = (top + bottom - height) / 2;
  for (const hub of hubNodes) {
    laid.set(hub.id, { x: left - HUB_GAP - column, y });
    y += sizeOf(hub).height + NODE_GAP;
  }
  return laid;
}

/** Nodes wired to more than HUB_NEIGHBOURS distinct others. */
function hubsOf(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Set<string> {
  const neighbours = new Map(nodes.map((node) => [node.id, new Set<string>()]));
  for (const edge of edges) {
    neighbours.get(edge.source)?.add(edge.target);
    neighbours.get(edge.target)?.add(edge.source);
  }
  return new Set([...neighbours].filter(([, linked]) => linked.size > HUB_NEIGHBOURS).map(([id]) => id));
}

function layout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], aspectRatio: number): Promise<ElkNode> {
  const ids = new Set(nodes.map((node) => node.id));
  return elk.layout({
    id: "pipeline",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.spacing.nodeNode": String(NODE_GAP),
      "elk.layered.spacing.nodeNodeBetweenLayers": String(LAYER_GAP),
      // Each connected part is laid out alone, then the parts are placed in rows filled towards this ratio.
      "elk.separateConnectedComponents": "true",
      "elk.spacing.componentComponent": String(COMPONENT_GAP),
      "elk.aspectRatio": aspectRatio.toFixed(2),
    },
    children: nodes.map((node) => ({ id: node.id, ...sizeOf(node) })),
    // Several edges between the same two nodes (two ports) are one constraint for the layout.
    edges: [...new Set(edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)).map((edge) => `${edge.source}\t${edge.target}`))].map((pair, i) => {
      const [source, target] = pair.split("\t") as [string, string];
      return { id: `e${i}`, sources: [source], targets: [target] };
    }),
  });
}

function positions(graph: ElkNode): Map<string, XYPosition> {
  return new Map((graph.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
}
