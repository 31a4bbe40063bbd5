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

/** None while a dialog is open (files/use-modal.ts). Undo/redo over the document (everywhere), copy/paste of nodes (outside text fields), save, the panels, the shortcut list. */
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
      else if (id === "shortcut-help") useCanvasOverlay.getState().open({ type: "shortcuts" });
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [save]);
}

const MENU_KEYS = ["open", "save-as", "run", "pause", "step", "stop"] as const;

/**
 * The desktop app's menu keys the browser editor would otherwise lack (`enabled` is off in the
 * desktop app, whose menu already acts on them): Ctrl/Cmd+O open, Ctrl/Cmd+Shift+S save as, and F5
 * run (or resume), F6 pause, F10 step, Shift+F5 stop.
 */
export function useMenuShortcuts(actions: ToolbarActions, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutOf(event, MENU_KEYS);
      if (!action) return;
      // Taken even when the action is off: F5 must not reload the page and lose unsaved work, nor Ctrl+O open the browser's file picker.
      event.preventDefault();
      if (action === "open" || action === "save-as") actions[action === "open" ? "open" : "saveAs"]();
      else if (runControls(useRun.getState().phase, useEditor.getState().doc.nodes.length > 0)[action]) actions[action]();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [actions, enabled]);
}
