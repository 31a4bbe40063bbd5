import { useEffect } from "react";
import { useEditor } from "../document/editor-store.js";

/** How long an info notice ("Saved …", "Opened …") stays; an error stays until dismissed or replaced, so it is not gone before it is read. */
const NOTICE_MS = 8000;

/**
 * The last thing the editor said ("Saved …", "Opened runs/…", a refusal), floating over the
 * canvas's lower left, above the Problems pane: it comes and goes without moving anything (in the
 * pane's flow it pushed the problems down and back). Info goes after NOTICE_MS; an error when dismissed.
 */
export function Notice() {
  const notice = useEditor((state) => state.notice);
  useEffect(() => {
    if (!notice || notice.tone === "error") return;
    const timer = setTimeout(() => useEditor.setState((state) => (state.notice === notice ? { notice: null } : state)), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  // The live region stays in the page while empty: a screen reader announces what is later written into it.
  return (
    <div className={`notice-toast${notice ? ` shown ${notice.tone}` : ""}`}>
      <p className="notice" role="status" aria-live="polite" data-testid="notice">
        {notice?.text ?? ""}
      </p>
      {notice && (
        <button type="button" className="link notice-dismiss" aria-label="Dismiss notice" title="Dismiss" onClick={() => useEditor.setState((state) => (state.notice === notice ? { notice: null } : state))}>
          ×
        </button>
      )}
    </div>
  );
}
