import { useEffect } from "react";
import { useEditor, type Clipboard } from "../document/editor-store.js";
import { runControls, runKeyAction } from "../run/run-controls.js";
import { useRun } from "../run/run-store.js";
import type { ToolbarActions } from "../toolbar/Toolbar.js";

let clipboard: Clipboard = { nodes: [], edges: [] };

function inTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

/** Undo/redo over the document (everywhere), copy/paste of nodes (outside text fields), save. */
export function useEditorShortcuts(save: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      const state = useEditor.getState();
      if (key === "z" && !event.shiftKey) state.undo();
      else if ((key === "z" && event.shiftKey) || key === "y") state.redo();
      else if (key === "s") save();
      else if (key === "c" && !inTextField(event.target) && !window.getSelection()?.toString()) {
        const nodes = state.doc.nodes.filter((node) => node.selected);
        if (nodes.length === 0) return;
        const ids = new Set(nodes.map((node) => node.id));
        clipboard = { nodes: structuredClone(nodes), edges: state.doc.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)) };
      } else if (key === "v" && !inTextField(event.target)) state.paste(clipboard);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [save]);
}

/**
 * F5 run (or resume), F6 pause, F10 step, Shift+F5 stop — the desktop app's Run menu keys, so the
 * browser editor has them too (`enabled` is off in the desktop app, whose menu already acts on them).
 */
export function useRunShortcuts(actions: ToolbarActions, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const action = runKeyAction(event);
      if (!action) return;
      // Taken even when the control is off: F5 must not reload the page and lose unsaved work.
      event.preventDefault();
      if (runControls(useRun.getState().phase, useEditor.getState().doc.nodes.length > 0)[action]) actions[action]();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [actions, enabled]);
}
