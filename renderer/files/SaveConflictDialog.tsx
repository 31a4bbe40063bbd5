import type { SaveConflict } from "../../protocol/index.js";
import { ConfirmDialog, Dialog } from "./Dialog.js";

/**
 * A save found another file than it expected: one that changed on disk since it was opened or saved
 * (overwrite it, keep both with Save as, or take the disk's version), or one already there for Save
 * as (replace it). Cancel, the safe choice, comes first and has the focus.
 */
export function SaveConflictDialog({
  path,
  conflict,
  onOverwrite,
  onSaveAs,
  onReload,
  onCancel,
}: {
  path: string;
  conflict: SaveConflict["conflict"];
  onOverwrite: () => void;
  onSaveAs: () => void;
  onReload: () => void;
  onCancel: () => void;
}) {
  if (conflict === "exists") {
    const message = (
      <>
        <code>{path}</code> already exists. Replace it with this pipeline?
      </>
    );
    return <ConfirmDialog title="Replace the file?" message={message} confirm="Replace" onConfirm={onOverwrite} onCancel={onCancel} />;
  }
  return (
    <Dialog title="The file changed on disk" onCancel={onCancel}>
      <p>
        <code>{path}</code> changed on disk since you opened or last saved it. Overwrite it with your version, save yours under another name, or reload it from disk (your
        changes are then lost).
      </p>
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" onClick={onReload}>
          Reload from disk
        </button>
        <button type="button" onClick={onSaveAs}>
          Save as…
        </button>
        <button type="button" className="primary" onClick={onOverwrite}>
          Overwrite
        </button>
      </div>
    </Dialog>
  );
}
