import { useEffect } from "react";
import { selectAllNodes } from "../canvas/graph-edits.js";
import { copySelection, cutSelection, pasteNodes } from "../document/node-clipboard.js";
import { isModalOpen } from "../files/use-modal.js";
import { inTextField } from "./shortcuts.js";

/**
 * Cut, Copy and Paste that reach the page as clipboard events rather than keys (the desktop app's Edit
 * menu: its native roles fire them; the browser's own menu too) act on the nodes while focus is
 * outside a text field or code editor, as Ctrl/Cmd+X, C and V do. The keys' handlers cancel their
 * keydown, which stops these events: one press acts once.
 */
export function useNodeClipboardEvents(): void {
  useEffect(() => {
    const onClipboard = (event: ClipboardEvent) => {
      if (isModalOpen() || inTextField(document.activeElement)) return;
      // Text the user selected on the page is theirs to copy.
      const textSelected = Boolean(window.getSelection()?.toString());
      if (event.type === "copy" && (textSelected || !copySelection())) return;
      if (event.type === "cut" && (textSelected || !cutSelection())) return;
      if (event.type === "paste") pasteNodes();
      event.preventDefault();
    };
    for (const type of ["copy", "cut", "paste"] as const) document.addEventListener(type, onClipboard);
    return () => {
      for (const type of ["copy", "cut", "paste"] as const) document.removeEventListener(type, onClipboard);
    };
  }, []);
}

/**
 * Edit › Select All: the text of the focused field or code editor, else every node (none behind a
 * dialog). The native role would select the page's text wherever focus is.
 */
export function selectAllHere(): void {
  if (inTextField(document.activeElement)) document.execCommand("selectAll");
  else if (!isModalOpen()) selectAllNodes();
}
