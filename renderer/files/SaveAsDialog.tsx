import { useId, useState } from "react";
import { Dialog } from "./Dialog.js";

/** Asks where to save, relative to the root; ".foresight.json" is added when missing. */
export function SaveAsDialog({ initial, onSave, onCancel }: { initial: string; onSave: (path: string) => void; onCancel: () => void }) {
  const id = useId();
  const [path, setPath] = useState(initial);
  const submit = () => {
    const trimmed = path.trim();
    if (!trimmed) return;
    onSave(trimmed.endsWith(".json") ? trimmed : `${trimmed}.foresight.json`);
  };
  return (
    <Dialog title="Save as" onCancel={onCancel}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <div className="field">
          <label htmlFor={id}>File name</label>
          <input id={id} type="text" className="mono" value={path} onChange={(event) => setPath(event.target.value)} />
          <small className="help">Relative to the folder the server was started on; folders are created.</small>
        </div>
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!path.trim()}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
