import { useMemo } from "react";
import { useEditor } from "../document/editor-store.js";
import { groupFrames } from "../document/node-groups.js";
import type { CanvasNode, PipelineNode } from "../document/pipeline.js";

/**
 * Each node as xyflow draws it, with the name its wrapper (the element a keyboard user tabs to) is
 * read by: its id and kind, as the file, the CLI's messages and the node's menu name it ("Node q:
 * q-scorer"), as edges are named "Edge <id>", and ", selected" while it is: a screen reader says so
 * on reaching it (the wrapper is an ARIA group, which has no aria-selected; xyflow's instructions take
 * aria-describedby). The card inside is named by its title. Kept per node
 * object, so a node that did not change keeps its identity and xyflow skips it.
 */
const named = new WeakMap<PipelineNode, PipelineNode>();

function withName(node: PipelineNode): PipelineNode {
  let shown = named.get(node);
  if (!shown) {
    shown = { ...node, ariaLabel: `Node ${node.id}: ${node.data.kind}${node.selected ? ", selected" : ""}` };
    named.set(node, shown);
  }
  return shown;
}

/** What xyflow draws: group frames first (behind), then notes, then the pipeline's nodes. */
export function useCanvasNodes(): CanvasNode[] {
  const nodes = useEditor((state) => state.doc.nodes);
  const notes = useEditor((state) => state.doc.notes);
  const groups = useEditor((state) => state.doc.groups);
  return useMemo(() => [...groupFrames(groups, nodes), ...notes, ...nodes.map(withName)], [nodes, notes, groups]);
}
