import { useReactFlow, type Edge } from "@xyflow/react";
import { useEffect } from "react";
import type { BridgeTransport, MenuCommand } from "../../protocol/index.js";
import { groupSelectedNodes } from "../canvas/canvas-item-edits.js";
import { addNoteInView, fitAll } from "../canvas/view-commands.js";
import { useEditor } from "../document/editor-store.js";
import type { CanvasNode } from "../document/pipeline.js";
import { isModalOpen } from "../files/use-modal.js";
import type { ToolbarActions } from "../toolbar/Toolbar.js";
import { selectAllHere } from "./edit-menu-on-nodes.js";

/**
 * The desktop app's side of the page (only under its bridge): the native menus' commands, files
 * the app asks this window to open (from the OS, Open Recent, a drop), and the document's state
 * for the window (title, the unsaved-changes prompt on close). Renders nothing.
 */
export function DesktopMenus({
  desktop,
  actions,
  openFile,
  guard,
  showTemplates,
}: {
  desktop: BridgeTransport;
  actions: ToolbarActions;
  openFile: (path: string) => unknown;
  guard: (action: () => void) => void;
  showTemplates: () => void;
}) {
  const flow = useReactFlow<CanvasNode, Edge>();
  useEffect(() => {
    const run: Record<MenuCommand, () => void> = {
      new: actions.newPipeline,
      open: actions.open,
      openTemplate: () => guard(showTemplates),
      save: actions.save,
      saveAs: actions.saveAs,
      undo: () => useEditor.getState().undo(),
      redo: () => useEditor.getState().redo(),
      selectAll: selectAllHere,
      addNote: () => addNoteInView(flow),
      group: () => void groupSelectedNodes(),
      run: actions.run,
      pause: actions.pause,
      step: actions.step,
      stop: actions.stop,
      fit: () => fitAll(flow, 200),
    };
    // As the editor's own keys, the menus' (Ctrl+S…) wait while a dialog is open; Select All still selects a field's text there.
    const offCommand = desktop.onMenuCommand((command) => {
      if (command === "selectAll" || !isModalOpen()) run[command]?.();
    });
    const offOpen = desktop.onOpenFile((path) => guard(() => openFile(path)));
    return () => {
      offCommand();
      offOpen();
    };
  }, [desktop, actions, openFile, guard, showTemplates, flow]);

  // Tell the app once the listeners are in place: it sends what it held back (a file to open).
  useEffect(() => {
    void desktop.desktop("ready", {});
  }, [desktop]);

  const path = useEditor((state) => state.path);
  const name = useEditor((state) => state.doc.name);
  const dirty = useEditor((state) => state.dirty);
  useEffect(() => {
    void desktop.desktop("setDocumentState", { path, name, dirty }).catch(() => undefined);
  }, [desktop, path, name, dirty]);
  return null;
}
