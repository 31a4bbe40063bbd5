import type { PipelineDocument } from "../../protocol/index.js";
import { useEditor, type EditorState } from "../document/editor-store.js";
import { toPipelineDocument } from "../document/pipeline.js";
import { isTabOpen, keepTabMarkedOpen, THIS_TAB } from "./open-tabs.js";

/**
 * Unsaved changes kept in the browser as they are made, as VS Code's hot exit keeps them: a tab
 * closed, a browser that crashed, or a `foresight serve` that stopped (its next start prints a new
 * token, so the page cannot reconnect to save) loses no edit; the next page offers them back.
 * One backup per tab and document (its path, or "untitled"), dropped once the document is saved or its
 * changes are discarded; only those of tabs that are gone are offered back (open-tabs.ts), so a
 * second tab on a file neither forks nor drops the changes a first tab is still making.
 */
const KEY = "foresight.unsavedChanges";
/** The backups kept; the oldest go first. */
const LIMIT = 10;
/** Edits are written this long after the last one (and at once when the page goes). */
const DELAY_MS = 500;

export interface Backup {
  /** The tab that made the changes (open-tabs.ts); "" for a backup kept before tabs were told apart. */
  tab: string;
  /** The file the document is saved as, relative to the root; null for an untitled one. */
  path: string | null;
  /** The file's hash when the changes began: a save of the restored changes asks if it changed since. */
  diskHash: string | null;
  doc: PipelineDocument;
  /** When the last change was kept, ms since the epoch. */
  at: number;
}

/** The backups that tabs now gone left, newest first: the ones to offer back. */
export function backupsLeftBehind(): Backup[] {
  return readBackups().filter((backup) => !isTabOpen(backup.tab));
}

/** Forgets a backup (of this tab or of one gone). */
export function dropBackup(dropped: { tab: string; path: string | null }): void {
  const backups = readBackups();
  const kept = backups.filter((backup) => !sameBackup(backup, dropped));
  if (kept.length !== backups.length) write(kept);
}

/** Makes a gone tab's backup this tab's, as this tab restores it: kept and dropped from now on with this tab's changes, and not offered elsewhere. */
export function adoptBackup(adopted: Backup): void {
  dropBackup(adopted);
  keep({ ...adopted, tab: THIS_TAB });
}

/** Keeps the editor's unsaved changes from now on; answers the function that stops. */
export function keepUnsavedChanges(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const { dirty, doc, path, diskHash } = useEditor.getState();
    if (dirty) keep({ tab: THIS_TAB, path, diskHash, doc: toPipelineDocument(doc), at: Date.now() });
  };
  const unsubscribe = useEditor.subscribe((state: EditorState, previous: EditorState) => {
    if (state.dirty && state.doc !== previous.doc) {
      timer ??= setTimeout(flush, DELAY_MS);
    } else if (previous.dirty && !state.dirty) {
      // Saved (perhaps under another name), or the changes were discarded: nothing is left to lose.
      clearTimeout(timer);
      timer = undefined;
      dropBackup({ tab: THIS_TAB, path: previous.path });
    }
  });
  window.addEventListener("pagehide", flush);
  const unmark = keepTabMarkedOpen();
  return () => {
    unmark();
    unsubscribe();
    window.removeEventListener("pagehide", flush);
    clearTimeout(timer);
  };
}

function keep(backup: Backup): void {
  const others = readBackups().filter((kept) => !sameBackup(kept, backup));
  // Best effort: storage may be full (the oldest go, then the others) or off, and the editor goes on.
  for (const backups of [[backup, ...others].slice(0, LIMIT), [backup]]) if (write(backups)) return;
}

function sameBackup(one: { tab: string; path: string | null }, other: { tab: string; path: string | null }): boolean {
  return one.tab === other.tab && one.path === other.path;
}

function readBackups(): Backup[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(stored) ? stored.filter(isBackup).map((backup) => ({ ...backup, tab: backup.tab ?? "" })) : [];
  } catch {
    return [];
  }
}

function write(backups: Backup[]): boolean {
  try {
    localStorage.setItem(KEY, JSON.stringify(backups));
    return true;
  } catch {
    return false;
  }
}

function isBackup(value: unknown): value is Omit<Backup, "tab"> & { tab?: string } {
  if (typeof value !== "object" || value === null) return false;
  const { tab, path, diskHash, doc, at } = value as Record<string, unknown>;
  return (tab === undefined || typeof tab === "string") && (path === null || typeof path === "string") && (diskHash === null || typeof diskHash === "string") && typeof doc === "object" && doc !== null && typeof at === "number";
}
