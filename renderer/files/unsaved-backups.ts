import type { PipelineDocument } from "../../protocol/index.js";
import { useEditor, type EditorState } from "../document/editor-store.js";
import { toPipelineDocument } from "../document/pipeline.js";

/**
 * Unsaved changes kept in the browser as they are made, as VS Code's hot exit keeps them: a tab
 * closed, a browser that crashed, or a `foresight serve` that stopped (its next start prints a new
 * token, so the page cannot reconnect to save) loses no edit; the next page offers them back.
 * One backup per document (its path, or "untitled"), dropped once the document is saved or its
 * changes are discarded.
 */
const KEY = "foresight.unsavedChanges";
/** The backups kept; the oldest go first. */
const LIMIT = 10;
/** Edits are written this long after the last one (and at once when the page goes). */
const DELAY_MS = 500;

export interface Backup {
  /** The file the document is saved as, relative to the root; null for an untitled one. */
  path: string | null;
  /** The file's hash when the changes began: a save of the restored changes asks if it changed since. */
  diskHash: string | null;
  doc: PipelineDocument;
  /** When the last change was kept, ms since the epoch. */
  at: number;
}

/** The backups kept, newest first. */
export function readBackups(): Backup[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(stored) ? stored.filter(isBackup) : [];
  } catch {
    return [];
  }
}

/** Forgets the backup of the document at `path` (null: the untitled one). */
export function dropBackup(path: string | null): void {
  const backups = readBackups();
  const kept = backups.filter((backup) => backup.path !== path);
  if (kept.length !== backups.length) write(kept);
}

/** Keeps the editor's unsaved changes from now on; answers the function that stops. */
export function keepUnsavedChanges(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const { dirty, doc, path, diskHash } = useEditor.getState();
    if (dirty) keep({ path, diskHash, doc: toPipelineDocument(doc), at: Date.now() });
  };
  const unsubscribe = useEditor.subscribe((state: EditorState, previous: EditorState) => {
    if (state.dirty && state.doc !== previous.doc) {
      timer ??= setTimeout(flush, DELAY_MS);
    } else if (previous.dirty && !state.dirty) {
      // Saved (perhaps under another name), or the changes were discarded: nothing is left to lose.
      clearTimeout(timer);
      timer = undefined;
      dropBackup(previous.path);
    }
  });
  window.addEventListener("pagehide", flush);
  return () => {
    unsubscribe();
    window.removeEventListener("pagehide", flush);
    clearTimeout(timer);
  };
}

function keep(backup: Backup): void {
  const others = readBackups().filter((kept) => kept.path !== backup.path);
  // Best effort: storage may be full (the oldest go, then the others) or off, and the editor goes on.
  for (const backups of [[backup, ...others].slice(0, LIMIT), [backup]]) if (write(backups)) return;
}

function write(backups: Backup[]): boolean {
  try {
    localStorage.setItem(KEY, JSON.stringify(backups));
    return true;
  } catch {
    return false;
  }
}

function isBackup(value: unknown): value is Backup {
  if (typeof value !== "object" || value === null) return false;
  const { path, diskHash, doc, at } = value as Record<string, unknown>;
  return (path === null || typeof path === "string") && (diskHash === null || typeof diskHash === "string") && typeof doc === "object" && doc !== null && typeof at === "number";
}
