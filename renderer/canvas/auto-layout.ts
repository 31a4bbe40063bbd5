import ELK from "elkjs/lib/elk.bundled.js";
import type { XYPosition } from "@xyflow/react";
import type { PipelineEdge, PipelineNode } from "../document/pipeline.js";

const elk = new ELK();

/** Positions for every node: elk's layered layout, left to right, in the order data flows. */
export async function layeredLayout(nodes: readonly PipelineNode[], edges: readonly PipelineEdge[]): Promise<Map<string, XYPosition>> {
  const graph = await elk.layout({
    id: "pipeline",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.spacing.nodeNode": "40",
      "elk.layered.spacing.nodeNodeBetweenLayers": "50",
    },
    children: nodes.map((node) => ({ id: node.id, width: node.measured?.width ?? 220, height: node.measured?.height ?? 140 })),
    edges: edges.map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  });
  return new Map((graph.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
}
