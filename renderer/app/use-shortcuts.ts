import { useEffect } from "react";
import { useEditor } from "../document/editor-store.js";
import { copySelection, pasteNodes } from "../document/node-clipboard.js";
import { runControls } from "../run/run-controls.js";
import { useRun } from "../run/run-store.js";
import type { ToolbarActions } from "../toolbar/Toolbar.js";
import { useWorkspace } from "../workspace/workspace-store.js";
import { useCanvasOverlay } from "../canvas/canvas-overlay.js";
import { shortcutOf } from "./shortcuts.js";

const EDITOR_KEYS = ["undo", "redo", "save", "copy", "paste", "toggle-palette", "toggle-side", "toggle-bottom", "shortcut-help"] as const;

/** Undo/redo over the document (everywhere), copy/paste of nodes (outside text fields), save, the panels, the shortcut list. */
export function useEditorShortcuts(save: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const id = shortcutOf(event, EDITOR_KEYS);
      if (!id) return;
      const state = useEditor.getState();
      if (id === "undo") state.undo();
      else if (id === "redo") state.redo();
      else if (id === "save") save();
      // Text the user selected on the page is theirs to copy.
      else if (id === "copy" && (window.getSelection()?.toString() || !copySelection())) return;
      else if (id === "paste") pasteNodes();
      else if (id === "toggle-palette") useWorkspace.getState().toggle("palette");
      else if (id === "toggle-side") useWorkspace.getState().toggle("side");
      else if (id === "toggle-bottom") useWorkspace.getState().toggle("bottom");
      else if (id === "shortcut-help") {
        // Not over another dialog (Open, Save as, trust): its own keys come first.
        if (document.querySelector("[role=dialog][aria-modal=true]")) return;
        useCanvasOverlay.getState().open({ type: "shortcuts" });
      }
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [save]);
}

const RUN_KEYS = ["run", "pause", "step", "stop"] as const;

/**
 * F5 run (or resume), F6 pause, F10 step, Shift+F5 stop — the desktop app's Run menu keys, so the
 * browser editor has them too (`enabled` is off in the desktop app, whose menu already acts on them).
 */
export function useRunShortcuts(actions: ToolbarActions, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutOf(event, RUN_KEYS);
      if (!action) return;
      // Taken even when the control is off: F5 must not reload the page and lose unsaved work.
      event.preventDefault();
      if (runControls(useRun.getState().phase, useEditor.getState().doc.nodes.length > 0)[action]) actions[action]();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [actions, enabled]);
}
