import { Dialog } from "./Dialog.js";

/** Before the document is replaced: save it first, drop its changes, or stay. */
export function UnsavedChangesDialog({ onSave, onDiscard, onCancel }: { onSave: () => void; onDiscard: () => void; onCancel: () => void }) {
  return (
    <Dialog title="Save changes?" onCancel={onCancel}>
      <p>The pipeline has changes that are not saved. Save them first, or they will be lost.</p>
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" onClick={onDiscard}>
          Discard changes
        </button>
        <button type="button" className="primary" onClick={onSave}>
          Save
        </button>
      </div>
    </Dialog>
  );
}
