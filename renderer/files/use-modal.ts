import { useEffect, useState } from "react";
import { shortcutOf } from "../app/shortcuts.js";

/** Keys whose browser action would reach the page behind a dialog (save the page, reload it and lose the work, the downloads…): taken, as the editor takes them. */
const PAGE_KEYS = ["open", "save", "save-as", "run", "stop", "toggle-bottom"] as const;

/** Whether a modal dialog is open: commands that reach the page other than by a key (the desktop app's menus) wait too. */
export function isModalOpen(): boolean {
  return document.querySelector("[role=dialog][aria-modal=true]") !== null;
}

/**
 * Makes the open dialog modal, as a native <dialog> opened with showModal() is, and as VS Code's
 * are: the editor behind it is inert (Tab and clicks stay in the dialog), the editor's keyboard
 * shortcuts wait until it closes, and closing it returns focus to the control that opened it.
 */
export function useModal(): void {
  // Read while rendering: by the time an effect runs, the dialog's own field may have taken focus.
  const [opener] = useState(() => document.activeElement);
  useEffect(() => {
    const editor = document.getElementById("root");
    if (editor) editor.inert = true;
    // The shortcuts listen on window; the dialog's own keys (React's, on the root and the body) have run by the time a key bubbles to document.
    const holdBackShortcuts = (event: KeyboardEvent) => {
      event.stopPropagation();
      if (shortcutOf(event, PAGE_KEYS)) event.preventDefault();
    };
    document.addEventListener("keydown", holdBackShortcuts);
    document.addEventListener("keydown", keepTabInDialog);
    return () => {
      document.removeEventListener("keydown", holdBackShortcuts);
      document.removeEventListener("keydown", keepTabInDialog);
      // Another dialog may still be open (one can open from another).
      if (editor && !isModalOpen()) editor.inert = false;
      const focusLost = document.activeElement === null || document.activeElement === document.body;
      if (focusLost && opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, [opener]);
}

/** What Tab can reach in a dialog, in order. */
const TABBABLE = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/**
 * Tab past a dialog's last control comes back to its first (Shift+Tab past the first, to its last). The inert editor
 * alone is not enough: past the last control the browser gives focus to the body once before it wraps.
 */
function keepTabInDialog(event: KeyboardEvent): void {
  if (event.key !== "Tab" || event.defaultPrevented) return;
  const dialogs = document.querySelectorAll<HTMLElement>("[role=dialog][aria-modal=true]");
  const dialog = dialogs[dialogs.length - 1];
  if (!dialog) return;
  const tabbable = [...dialog.querySelectorAll<HTMLElement>(TABBABLE)].filter((element) => element.tabIndex >= 0 && element.getClientRects().length > 0);
  const first = tabbable[0];
  const last = tabbable.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  const outside = !dialog.contains(active);
  if (event.shiftKey ? active === first || outside : active === last || outside) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}
