import { useEffect, useState } from "react";
import { documentLabel } from "../document/pipeline.js";
import { Dialog } from "./Dialog.js";
import { isTabOpen, onTabGone, THIS_TAB } from "./open-tabs.js";
import { adoptBackup, backupsLeftBehind, dropBackup, keepUnsavedChanges, type Backup } from "./unsaved-backups.js";

/**
 * Keeps the editor's unsaved changes in the browser (unsaved-backups.ts) and, as the page starts,
 * offers back those a page now gone left (not those another open tab is making): restore one,
 * discard each, or decide on a later start.
 */
export function RestoreUnsavedDialog({ onRestore }: { onRestore: (backup: Backup) => void }) {
  const [backups, setBackups] = useState(backupsLeftBehind);
  useEffect(keepUnsavedChanges, []);
  // A tab still open when this one started may go later (closed, or its server stopped): its changes are offered then.
  useEffect(
    () =>
      onTabGone(() => {
        if (isTabOpen(THIS_TAB)) setBackups(backupsLeftBehind());
      }),
    [],
  );
  if (backups.length === 0) return null;
  const close = () => setBackups([]);
  return (
    <Dialog title="Restore unsaved changes?" onCancel={close}>
      <p>The editor was closed with changes that were not saved. Restore them to go on where you left off.</p>
      <ul className="restore-list">
        {backups.map((backup, index) => {
          const label = documentLabel(typeof backup.doc["name"] === "string" ? backup.doc["name"] : "untitled", backup.path);
          return (
            <li key={`${backup.tab} ${backup.path ?? ""}`}>
              <span>
                <strong>{label}</strong>
                <small className="help">
                  {backup.path ?? "untitled"} · changed {new Date(backup.at).toLocaleString()}
                </small>
              </span>
              <button
                type="button"
                aria-label={`Discard the changes to ${label}`}
                onClick={() => {
                  dropBackup(backup);
                  setBackups(backupsLeftBehind());
                }}
              >
                Discard
              </button>
              <button
                type="button"
                className="primary"
                aria-label={`Restore ${label}`}
                // The newest, not a Discard: Enter must not drop what the dialog is there to save.
                data-autofocus={index === 0 || undefined}
                onClick={() => {
                  close();
                  adoptBackup(backup);
                  onRestore(backup);
                }}
              >
                Restore
              </button>
            </li>
          );
        })}
      </ul>
      <div className="dialog-buttons">
        <button type="button" onClick={close}>
          Not now
        </button>
      </div>
    </Dialog>
  );
}
