import { useMemo } from "react";
import { useEditor } from "../document/editor-store.js";
import { groupFrames } from "../document/node-groups.js";
import type { CanvasNode } from "../document/pipeline.js";

/**
 * What xyflow draws: group frames first (behind), then notes, then the pipeline's nodes. Without
 * notes or groups it is the nodes array itself, so a large pipeline pays nothing for them.
 */
export function useCanvasNodes(): CanvasNode[] {
  const nodes = useEditor((state) => state.doc.nodes);
  const notes = useEditor((state) => state.doc.notes);
  const groups = useEditor((state) => state.doc.groups);
  return useMemo(() => (notes.length === 0 && groups.length === 0 ? nodes : [...groupFrames(groups, nodes), ...notes, ...nodes]), [nodes, notes, groups]);
}
