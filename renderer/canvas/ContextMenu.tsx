import { useEffect, useRef, type KeyboardEvent } from "react";
import { createPortal } from "react-dom";

/** One action of a context menu. */
export interface MenuAction {
  label: string;
  /** The key that does the same, shown at the right (e.g. "Delete", "Ctrl+D"). */
  shortcut?: string;
  disabled?: boolean;
  run(): void;
}

/**
 * A context menu at a point (WAI-ARIA menu): focus starts on the first action, arrows and
 * Home/End move, Enter or Space acts, Escape, Tab or a click elsewhere close it.
 */
export function ContextMenu({ label, actions, x, y, onClose }: { label: string; actions: readonly MenuAction[]; x: number; y: number; onClose: () => void }) {
  const menu = useRef<HTMLDivElement>(null);
  const items = () => [...(menu.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]:not(:disabled)") ?? [])];
  useEffect(() => items()[0]?.focus(), []);

  const onKeyDown = (event: KeyboardEvent) => {
    const all = items();
    const index = all.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === "ArrowDown") all[(index + 1) % all.length]?.focus();
    else if (event.key === "ArrowUp") all[(index - 1 + all.length) % all.length]?.focus();
    else if (event.key === "Home") all[0]?.focus();
    else if (event.key === "End") all.at(-1)?.focus();
    else if (event.key === "Escape" || event.key === "Tab") onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  // Kept inside the window: a menu opened near the right or bottom edge opens leftwards or upwards.
  const height = actions.length * 30 + 10;
  const style = { left: Math.min(x, window.innerWidth - 230), top: y + height > window.innerHeight ? Math.max(4, y - height) : y };
  return createPortal(
    <div
      className="overlay-backdrop"
      onMouseDown={(event) => event.target === event.currentTarget && onClose()}
      onContextMenu={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div ref={menu} role="menu" aria-label={label} className="context-menu" style={style} onKeyDown={onKeyDown}>
        {actions.map((action) => (
          <button
            key={action.label}
            type="button"
            role="menuitem"
            tabIndex={-1}
            disabled={action.disabled}
            onClick={() => {
              onClose();
              action.run();
            }}
          >
            <span>{action.label}</span>
            {action.shortcut && <kbd>{action.shortcut}</kbd>}
          </button>
        ))}
      </div>
    </div>,
    document.body,
  );
}
