import { Dialog } from "../files/Dialog.js";
import { keyLabel, SHORTCUT_GROUPS, SHORTCUTS, type Shortcut } from "./shortcuts.js";

/** Every shortcut of the editor, read from the one table the key handlers use. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onCancel={onClose}>
      <div className="shortcut-groups">
        {SHORTCUT_GROUPS.map((group) => (
          <table key={group} className="shortcuts">
            <caption>{group}</caption>
            <tbody>
              {SHORTCUTS.filter((shortcut) => shortcut.group === group).map((shortcut) => (
                <tr key={shortcut.id}>
                  <th scope="row">
                    {shortcut.gesture ?? shortcut.keys.map((combo, index) => <kbd key={index}>{keyLabel(combo)}</kbd>)}
                  </th>
                  <td>
                    {shortcut.description}
                    {scopeNote(shortcut) && <span className="muted"> ({scopeNote(shortcut)})</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

/** Where the shortcut is taken, when not everywhere. */
function scopeNote(shortcut: Shortcut): string | null {
  if (shortcut.where) return shortcut.where;
  if (shortcut.scope === "anywhere") return null;
  return shortcut.scope === "canvas focused" ? "on the canvas" : "outside text fields";
}
