import { useEffect, useRef } from "react";
import { useEditor } from "../document/editor-store.js";
import { backupsLeftBehind } from "./unsaved-backups.js";

/** This tab's open file, in sessionStorage: kept across a reload of the tab, not shared with other tabs. */
const KEY = "foresight.openFile";

/**
 * Reopens the file this tab had open when the page was reloaded (F5, a reconnect that reloads), as VS
 * Code reopens its editors: the page came back as an empty untitled pipeline, with a run it re-attached
 * to shown beside it. A file whose unsaved changes are offered back (RestoreUnsavedDialog) is left to
 * that offer. Keeps the open file's path from then on.
 */
export function useReopenOnReload(openFile: (path: string) => Promise<void>, enabled: boolean): void {
  const reopened = useRef(false);
  useEffect(() => {
    if (!enabled || reopened.current) return;
    reopened.current = true;
    const path = storedPath();
    if (path !== null && !backupsLeftBehind().some((backup) => backup.path === path)) void openFile(path);
  }, [openFile, enabled]);
  useEffect(() => {
    if (!enabled) return;
    return useEditor.subscribe((state, previous) => {
      if (state.path !== previous.path) store(state.path);
    });
  }, [enabled]);
}

function storedPath(): string | null {
  try {
    return sessionStorage.getItem(KEY) || null;
  } catch {
    return null;
  }
}

function store(path: string | null): void {
  try {
    if (path === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, path);
  } catch {
    // Storage off: a reload opens an untitled pipeline, as before.
  }
}
