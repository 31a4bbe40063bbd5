import { useEffect } from "react";
import { inCanvas, inTextField, shortcutOf } from "../app/shortcuts.js";
import { useEditor } from "../document/editor-store.js";
import { copySelection, duplicateSelection } from "../document/node-clipboard.js";
import { removeFocusedOrSelection, removeSelection } from "./remove-selection.js";
import { renameFocusedNode } from "./rename-node.js";
import { clearSelection } from "./selection-keys.js";
import { groupSelectedNodes } from "./canvas-item-edits.js";
import { menuTargetOf } from "./canvas-menus.js";
import { useCanvasOverlay } from "./canvas-overlay.js";
import { selectAllNodes } from "./graph-edits.js";
import { addNoteInView, fitAll, viewMiddle, type Flow } from "./view-commands.js";

const CANVAS_KEYS = ["delete", "cut", "rename", "zoom-in", "zoom-out", "close", "select-all", "find", "find-in-canvas", "duplicate", "connect", "context-menu", "fit-view", "add-note", "group"] as const;

/** The canvas's keys (see the table in app/shortcuts.ts); none while a menu or a search is open (nor a dialog: files/use-modal.ts). */
export function useCanvasShortcuts(flow: Flow): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const overlays = useCanvasOverlay.getState();
      if (overlays.overlay) return;
      const id = shortcutOf(event, CANVAS_KEYS);
      // Monaco's own chords start with Ctrl+K.
      if (!id || (id === "find" && event.target instanceof Element && event.target.closest(".monaco-editor"))) return;
      const selected = useEditor.getState().doc.nodes.filter((node) => node.selected);
      // Ours, not xyflow's deleteKeyCode: that one listens on the whole page, so Delete on a palette button removed the selection.
      if (id === "delete") void removeFocusedOrSelection(flow);
      else if (id === "cut") {
        // Text the user selected on the page is theirs to cut.
        if (window.getSelection()?.toString() || !copySelection()) return;
        void removeSelection(flow);
      } else if (id === "rename") {
        if (!renameFocusedNode(focusedNodeId() ?? (selected.length === 1 ? selected[0]!.id : undefined))) return;
      } else if (id === "zoom-in") void flow.zoomIn({ duration: 150 });
      else if (id === "zoom-out") void flow.zoomOut({ duration: 150 });
      else if (id === "close") {
        // With nothing to close, Escape on the canvas or with focus on nothing (the page) clears the selection (on a card: selection-keys.ts).
        if ((!inCanvas(event.target) && event.target !== document.body) || inTextField(event.target)) return;
        clearSelection();
      }
      else if (id === "select-all") selectAllNodes();
      else if (id === "find" || id === "find-in-canvas") overlays.open({ type: "find" });
      else if (id === "duplicate") {
        if (selected.length === 0) return;
        duplicateSelection();
      } else if (id === "connect") {
        // The node keyboard focus is on (Tab reaches a card without selecting it), else the one selected.
        const nodeId = focusedNodeId() ?? (selected.length === 1 ? selected[0]!.id : undefined);
        if (nodeId === undefined) return;
        overlays.open({ type: "connect", nodeId });
      } else if (id === "context-menu") openMenuFromKeyboard(flow, selected.length === 1 ? selected[0]!.id : null);
      else if (id === "fit-view") fitAll(flow, 200);
      else if (id === "add-note") addNoteInView(flow);
      else if (id === "group") groupSelectedNodes();
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [flow]);
}

/**
 * Shift+F10 / the menu key: the menu of the focused node or edge, else of the one selected node,
 * else the canvas's, in the middle of the view.
 */
function openMenuFromKeyboard(flow: Flow, selectedNode: string | null): void {
  const open = useCanvasOverlay.getState().open;
  const edge = document.activeElement?.closest<HTMLElement>(".react-flow__edge");
  const nodeId = focusedNodeId() ?? (edge ? undefined : selectedNode);
  if (edge?.dataset["id"]) {
    const rect = edge.getBoundingClientRect();
    open({ type: "menu", target: { type: "edge", edgeId: edge.dataset["id"] }, x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
    return;
  }
  const card = nodeId && document.querySelector(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`);
  if (nodeId && card) {
    const rect = card.getBoundingClientRect();
    const target = menuTargetOf(nodeId);
    // As a right-click does: a node's menu acts on the node, selected first.
    if (target.type === "node" && !useEditor.getState().doc.nodes.find((node) => node.id === nodeId)?.selected) useEditor.getState().select(nodeId);
    open({ type: "menu", target, x: rect.left + 16, y: rect.top + 24 });
    return;
  }
  const { screen, flow: at } = viewMiddle(flow);
  open({ type: "menu", target: { type: "canvas", at }, x: screen.x, y: screen.y });
}

/** The node whose card has keyboard focus, if one has. */
function focusedNodeId(): string | undefined {
  return document.activeElement?.closest<HTMLElement>(".react-flow__node")?.dataset["id"];
}
