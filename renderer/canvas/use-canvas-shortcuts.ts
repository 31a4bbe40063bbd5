import { useEffect } from "react";
import { shortcutOf } from "../app/shortcuts.js";
import { useEditor } from "../document/editor-store.js";
import { duplicateSelection } from "../document/node-clipboard.js";
import { useCanvasOverlay } from "./canvas-overlay.js";
import { selectAllNodes } from "./graph-edits.js";
import { fitAll, type Flow } from "./view-commands.js";

const CANVAS_KEYS = ["select-all", "find", "find-in-canvas", "duplicate", "connect", "context-menu", "fit-view"] as const;

/** The canvas's keys (see the table in app/shortcuts.ts); none while a menu, a search or a dialog is open. */
export function useCanvasShortcuts(flow: Flow): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const overlays = useCanvasOverlay.getState();
      if (overlays.overlay || document.querySelector("[role=dialog][aria-modal=true]")) return;
      const id = shortcutOf(event, CANVAS_KEYS);
      // Monaco's own chords start with Ctrl+K.
      if (!id || (id === "find" && event.target instanceof Element && event.target.closest(".monaco-editor"))) return;
      const selected = useEditor.getState().doc.nodes.filter((node) => node.selected);
      if (id === "select-all") selectAllNodes();
      else if (id === "find" || id === "find-in-canvas") overlays.open({ type: "find" });
      else if (id === "duplicate") {
        if (selected.length === 0) return;
        duplicateSelection();
      } else if (id === "connect") {
        if (selected.length !== 1) return;
        overlays.open({ type: "connect", nodeId: selected[0]!.id });
      } else if (id === "context-menu") openMenuFromKeyboard(flow, selected.length === 1 ? selected[0]!.id : null);
      else if (id === "fit-view") fitAll(flow, 200);
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
  const focused = document.activeElement;
  const edge = focused?.closest<HTMLElement>(".react-flow__edge");
  const nodeId = focused?.closest<HTMLElement>(".react-flow__node")?.dataset["id"] ?? (edge ? undefined : selectedNode);
  if (edge?.dataset["id"]) {
    const rect = edge.getBoundingClientRect();
    open({ type: "menu", target: { type: "edge", edgeId: edge.dataset["id"] }, x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
    return;
  }
  const card = nodeId && document.querySelector(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`);
  if (nodeId && card) {
    const rect = card.getBoundingClientRect();
    // As a right-click does: the menu acts on the node, selected first.
    if (!useEditor.getState().doc.nodes.find((node) => node.id === nodeId)?.selected) useEditor.getState().select(nodeId);
    open({ type: "menu", target: { type: "node", nodeId }, x: rect.left + 16, y: rect.top + 24 });
    return;
  }
  const pane = document.querySelector(".react-flow")!.getBoundingClientRect();
  const x = pane.left + pane.width / 2;
  const y = pane.top + pane.height / 2;
  open({ type: "menu", target: { type: "canvas", at: flow.screenToFlowPosition({ x, y }) }, x, y });
}
