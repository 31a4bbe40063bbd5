import { useEffect, useId, useRef, useState } from "react";
import { useEditor } from "../document/editor-store.js";
import { Dialog } from "./Dialog.js";

/**
 * Asks where to save, relative to the root; ".foresight.json" is added when missing. Only the browser
 * editor shows it (the desktop app asks with the system's dialog), so the root is `foresight serve`'s.
 * `onSave` answers the host's reason when it refused the path: the dialog stays, with the name as
 * typed and the reason under it, so the user can correct it.
 */
export function SaveAsDialog({ initial, onSave, onCancel }: { initial: string; onSave: (path: string) => Promise<string | null>; onCancel: () => void }) {
  const id = useId();
  const [path, setPath] = useState(initial);
  const [refused, setRefused] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const open = useRef(true);
  const field = useRef<HTMLInputElement>(null);
  useEffect(
    () => () => {
      open.current = false;
    },
    [],
  );
  // The base name selected, as VS Code's Save As does: typing a name replaces it and keeps the folder and suffix.
  useEffect(() => {
    const [start, end] = baseNameRange(initial);
    field.current?.focus();
    field.current?.setSelectionRange(start, end);
  }, []);
  const submit = () => {
    const trimmed = path.trim();
    if (!trimmed || saving) return;
    const file = trimmed.endsWith(".json") ? trimmed : `${trimmed}.foresight.json`;
    setSaving(true);
    void onSave(file).then((reason) => {
      // Cancelled while the host answered: the refusal would otherwise go unsaid.
      if (!open.current) return reason && useEditor.getState().say(`Could not save ${file}: ${reason}`, "error");
      setSaving(false);
      setRefused(reason && `Could not save ${file}: ${reason}`);
    });
  };
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
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
          <input
            ref={field}
            id={id}
            type="text"
            className="mono"
            value={path}
            aria-invalid={refused ? true : undefined}
            aria-describedby={refused ? `${errorId} ${helpId}` : helpId}
            onChange={(event) => {
              setPath(event.target.value);
              setRefused(null);
            }}
          />
          {refused && (
            <small className="help error field-error" id={errorId} role="alert">
              {refused}
            </small>
          )}
          <small className="help" id={helpId}>
            Relative to the folder the editor&apos;s server serves (<code>foresight serve --root</code>, else the folder it was started in); folders are created.
          </small>
        </div>
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!path.trim() || saving}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Where the base name of `path` lies in it: after the last "/", before ".foresight.json" (or ".json"). */
function baseNameRange(path: string): [number, number] {
  const start = path.lastIndexOf("/") + 1;
  const suffix = [".foresight.json", ".json"].find((ending) => path.endsWith(ending) && path.length - ending.length >= start);
  return [start, path.length - (suffix?.length ?? 0)];
}
