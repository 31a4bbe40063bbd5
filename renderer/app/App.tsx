import { ReactFlowProvider } from "@xyflow/react";
import { useEffect } from "react";
import type { Transport } from "../../protocol/index.js";
import { Canvas } from "../canvas/Canvas.js";
import { useEditor } from "../document/editor-store.js";
import { ConfirmDialog } from "../files/Dialog.js";
import { OpenDialog } from "../files/OpenDialog.js";
import { SaveAsDialog } from "../files/SaveAsDialog.js";
import { Inspector } from "../inspector/Inspector.js";
import { Palette } from "../palette/Palette.js";
import { ProblemsPanel } from "../problems/ProblemsPanel.js";
import { useRun } from "../run/run-store.js";
import { TrustDialog } from "../run/TrustDialog.js";
import { Toolbar } from "../toolbar/Toolbar.js";
import { useEditorShortcuts } from "./shortcuts.js";
import { useActions } from "./use-actions.js";
import { useValidation } from "./validation.js";

const NOTICE_MS = 8000;

/** The editor: toolbar, palette, canvas, inspector, problems. */
export function App({ transport }: { transport: Transport }) {
  const { validating, validateNow } = useValidation(transport);
  const { dialog, setDialog, loadCount, openFile, openTemplate, saveTo, actions, suggestedPath } = useActions(transport, validateNow);
  useEditorShortcuts(actions.save);
  useDocumentTitle();
  useRunEvents(transport);
  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar actions={actions} />
        <Palette />
        <main className="canvas-area">
          <Canvas loadCount={loadCount} />
        </main>
        <Inspector />
        <footer className="bottom">
          <ProblemsPanel validating={validating} />
          <Notice />
        </footer>
      </div>
      {dialog?.type === "open" && <OpenDialog onOpenFile={(path) => void openFile(path)} onOpenTemplate={openTemplate} onCancel={() => setDialog(null)} />}
      {dialog?.type === "save-as" && (
        <SaveAsDialog
          initial={suggestedPath()}
          onCancel={() => setDialog(null)}
          onSave={(path) => {
            setDialog(null);
            void saveTo(path);
          }}
        />
      )}
      {dialog?.type === "confirm" && (
        <ConfirmDialog
          title={dialog.title}
          message={dialog.message}
          confirm={dialog.confirm}
          onCancel={() => setDialog(null)}
          onConfirm={() => {
            setDialog(null);
            dialog.then();
          }}
        />
      )}
      {dialog?.type === "trust" && (
        <TrustDialog
          scripts={dialog.scripts}
          hash={dialog.hash}
          onCancel={() => setDialog(null)}
          onTrust={() => {
            setDialog(null);
            dialog.then();
          }}
        />
      )}
    </ReactFlowProvider>
  );
}

function Notice() {
  const notice = useEditor((state) => state.notice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => useEditor.setState((state) => (state.notice === notice ? { notice: null } : state)), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  return (
    <p className={`notice ${notice?.tone ?? ""}`} role="status" aria-live="polite" data-testid="notice">
      {notice?.text ?? ""}
    </p>
  );
}

/** The tab's title: the pipeline's name, marked while it has unsaved changes; leaving the page then asks first. */
function useDocumentTitle() {
  const name = useEditor((state) => state.doc.name);
  const dirty = useEditor((state) => state.dirty);
  useEffect(() => {
    document.title = `${dirty ? "● " : ""}${name} — Foresight`;
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [name, dirty]);
}

function useRunEvents(transport: Transport) {
  useEffect(() => {
    const offEvents = transport.onRunEvents((runId, events) => useRun.getState().receive(runId, events));
    const offEnded = transport.onRunEnded((ended) => useRun.getState().ended(ended));
    const offClosed = transport.onClosed((reason) => useEditor.getState().say(`Disconnected from the server: ${reason}`, "error"));
    return () => {
      offEvents();
      offEnded();
      offClosed();
    };
  }, [transport]);
}
