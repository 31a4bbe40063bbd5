import { useWorkspace } from "../workspace/workspace-store.js";
import { selectOnly } from "./selection-keys.js";

/**
 * F2, as in VS Code and Rivet: selects the node (its inspector shows) and puts the caret in its title
 * field, the title selected, so typing replaces it and Enter or Tab goes on. Whether there was a node.
 */
export function renameFocusedNode(nodeId: string | undefined): boolean {
  if (nodeId === undefined) return false;
  selectOnly(nodeId);
  // The title field is in the side panels: folded away, they open for it.
  useWorkspace.getState().setCollapsed("side", false);
  // The inspector draws the node's fields on the next render: wait a frame or two for its title field.
  let tries = 0;
  const focusTitle = () => {
    const field = document.querySelector<HTMLInputElement>(`input[data-node-title="${CSS.escape(nodeId)}"]`);
    if (field) {
      field.focus();
      field.select();
    } else if (++tries < 10) requestAnimationFrame(focusTitle);
  };
  requestAnimationFrame(focusTitle);
  return true;
}
