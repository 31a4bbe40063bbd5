import { useEffect, useId, useRef, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { useModal } from "./use-modal.js";

/**
 * A modal dialog (use-modal.ts): labelled by its title, Escape cancels, focus starts inside (on the element marked
 * `data-autofocus`, else the first field or button) and goes back to the opener on close. Rendered at the end of
 * the body, so a dialog opened from inside a panel (which clips and contains what it holds) still
 * covers the window.
 */
export function Dialog({ title, onCancel, children }: { title: string; onCancel: () => void; children: ReactNode }) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useModal();
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>("[data-autofocus]") ?? ref.current?.querySelector<HTMLElement>("input, button, select");
    first?.focus();
  }, []);
  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={ref}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}

/** A question with Cancel and one button that does it (e.g. "Delete"). */
export function ConfirmDialog({ title, message, confirm, onConfirm, onCancel }: { title: string; message: ReactNode; confirm: string; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Dialog title={title} onCancel={onCancel}>
      <p>{message}</p>
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </Dialog>
  );
}
