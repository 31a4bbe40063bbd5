import { shortcutLabel, type ShortcutId } from "../app/shortcuts.js";
import { useCanvasOverlay } from "../canvas/canvas-overlay.js";
import { useWorkspace, type PanelName } from "./workspace-store.js";

const TOGGLES: { panel: PanelName; name: string; shortcut: ShortcutId; bar: { x: number; y: number; width: number; height: number } }[] = [
  { panel: "palette", name: "Node palette", shortcut: "toggle-palette", bar: { x: 2, y: 2, width: 5, height: 12 } },
  { panel: "bottom", name: "Run panels", shortcut: "toggle-bottom", bar: { x: 2, y: 10, width: 14, height: 4 } },
  { panel: "side", name: "Side panels", shortcut: "toggle-side", bar: { x: 11, y: 2, width: 5, height: 12 } },
];

/** The toolbar's View group: show or hide each panel (pressed while shown, as VS Code's layout buttons), and the shortcut list. */
export function PanelToggles() {
  const workspace = useWorkspace();
  return (
    <div className="toolbar-group view-toggles" role="group" aria-label="View">
      {TOGGLES.map(({ panel, name, shortcut, bar }) => {
        const shown = !workspace[panel].collapsed;
        return (
          <button
            key={panel}
            type="button"
            className="icon-button"
            aria-label={name}
            aria-pressed={shown}
            title={`${shown ? "Hide" : "Show"} ${name.toLowerCase()} (${shortcutLabel(shortcut)})`}
            onClick={() => workspace.toggle(panel)}
          >
            <svg width="18" height="16" viewBox="0 0 18 16" aria-hidden="true">
              <rect x="1" y="1" width="16" height="14" rx="2" fill="none" stroke="currentColor" />
              <rect {...bar} fill={shown ? "currentColor" : "none"} stroke="currentColor" strokeWidth={shown ? 0 : 0.8} />
            </svg>
          </button>
        );
      })}
      <button
        type="button"
        className="icon-button"
        aria-label="Keyboard shortcuts"
        title={`Keyboard shortcuts (${shortcutLabel("shortcut-help")})`}
        onClick={() => useCanvasOverlay.getState().open({ type: "shortcuts" })}
      >
        ?
      </button>
    </div>
  );
}
