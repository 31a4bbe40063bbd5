import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useEffect } from "react";
import { BridgeTransport, type Transport } from "../../protocol/index.js";
import { Canvas } from "../canvas/Canvas.js";
import { useEditor } from "../document/editor-store.js";
import { documentLabel } from "../document/pipeline.js";
import { UnsavedChangesDialog } from "../files/UnsavedChangesDialog.js";
import { OpenDialog } from "../files/OpenDialog.js";
import { SaveAsDialog } from "../files/SaveAsDialog.js";
import { SaveConflictDialog } from "../files/SaveConflictDialog.js";
import { RestoreUnsavedDialog } from "../files/RestoreUnsavedDialog.js";
import { useReopenOnReload } from "../files/reopen-on-reload.js";
import { Palette } from "../palette/Palette.js";
import { ProblemsPanel } from "../problems/ProblemsPanel.js";
import { reattach, useLiveRuns } from "../run/live-runs.js";
import { useRun } from "../run/run-store.js";
import { liveIngest } from "../trace/ingest.js";
import { forkTrace, mainTrace } from "../trace/trace-store.js";
import { TraceSizeDialog } from "../run/TraceSizeDialog.js";
import { TrustDialog } from "../run/TrustDialog.js";
import { useTrustQuestion } from "../run/trust-question.js";
import { Toolbar } from "../toolbar/Toolbar.js";
import { DesktopMenus } from "./DesktopMenus.js";
import { useNodeClipboardEvents } from "./edit-menu-on-nodes.js";
import { Notice } from "./Notice.js";
import { BottomDock } from "./BottomDock.js";
import { SideDock } from "./SideDock.js";
import { useEditorShortcuts, useMenuShortcuts } from "./use-shortcuts.js";
import { useActions } from "./use-actions.js";
import { useConnection } from "./use-connection.js";
import { useDiskChanges } from "./use-disk-changes.js";
import { useValidation } from "./validation.js";
import { PanelBoundary } from "./PanelBoundary.js";
import { PanelHandles } from "../workspace/ResizeHandle.js";
import { useWorkspaceLayout } from "../workspace/workspace-store.js";

/** The editor: toolbar, palette, canvas, inspector / dashboard / runs, problems and the step inspector. */
export function App({ transport }: { transport: Transport }) {
  const { validating, validateNow } = useValidation(transport);
  const { dialog, setDialog, guard, loadCount, openFile, openTemplate, openRunPipeline, saveTo, saveAsTo, saveThen, saveAs, showFromDisk, reloadFromDisk, restoreUnsaved, actions, suggestedPath } =
    useActions(transport, validateNow);
  const trustQuestion = useTrustQuestion((state) => state.asked);
  const showTemplates = useCallback(() => setDialog({ type: "open" }), [setDialog]);
  useEditorShortcuts(actions.save);
  useNodeClipboardEvents();
  useMenuShortcuts(actions, !(transport instanceof BridgeTransport));
  useDocumentTitle();
  useRunEvents(transport);
  useConnection(transport);
  useDiskChanges(transport, showFromDisk);
  // The desktop app's windows hold their files themselves.
  useReopenOnReload(openFile, !(transport instanceof BridgeTransport));
  const layout = useWorkspaceLayout();
  return (
    <ReactFlowProvider>
      {transport instanceof BridgeTransport && (
        <DesktopMenus desktop={transport} actions={actions} openFile={openFile} guard={guard} showTemplates={showTemplates} />
      )}
      <div className="app" {...layout}>
        <Toolbar actions={actions} />
        <Palette />
        <main className="canvas-area">
          <PanelBoundary panel="Canvas">
            <Canvas loadCount={loadCount} />
          </PanelBoundary>
          <PanelHandles />
        </main>
        <SideDock onOpenRunPipeline={openRunPipeline} />
        <BottomDock problems={<ProblemsPanel validating={validating} />} />
        <Notice />
      </div>
      {/* The desktop app asks on closing a window with unsaved changes, and keeps no backups. */}
      {!(transport instanceof BridgeTransport) && <RestoreUnsavedDialog onRestore={restoreUnsaved} />}
      {dialog?.type === "open" && <OpenDialog onOpenFile={(path) => void openFile(path)} onOpenTemplate={openTemplate} onCancel={() => setDialog(null)} />}
      {dialog?.type === "save-as" && (
        <SaveAsDialog
          initial={suggestedPath()}
          onCancel={() => setDialog(null)}
          onSave={(path) => saveAsTo(path, dialog.then)}
        />
      )}
      {dialog?.type === "save-conflict" && (
        <SaveConflictDialog
          path={dialog.path}
          conflict={dialog.conflict}
          onCancel={() => setDialog(null)}
          onOverwrite={() => {
            setDialog(null);
            void saveTo(dialog.path, undefined, dialog.then);
          }}
          onSaveAs={() => {
            setDialog(null);
            saveAs(dialog.then);
          }}
          onReload={() => {
            setDialog(null);
            void reloadFromDisk(dialog.path).then((reloaded) => reloaded && dialog.then?.());
          }}
        />
      )}
      {dialog?.type === "unsaved" && (
        <UnsavedChangesDialog
          onCancel={() => setDialog(null)}
          onDiscard={() => {
            setDialog(null);
            dialog.then();
          }}
          onSave={() => {
            setDialog(null);
            saveThen(dialog.then);
          }}
        />
      )}
      {trustQuestion && <TrustDialog question={trustQuestion} />}
      {dialog?.type === "trace-size" && (
        <TraceSizeDialog
          estimate={dialog.estimate}
          episodes={dialog.episodes}
          maxSteps={dialog.maxSteps}
          onCancel={() => setDialog(null)}
          onAnyway={() => {
            setDialog(null);
            dialog.then();
          }}
          onSteps={() => {
            setDialog(null);
            dialog.then("steps");
          }}
        />
      )}
    </ReactFlowProvider>
  );
}

/** The tab's title: the file (the pipeline's name before it is saved), marked while it has unsaved changes; leaving the page then asks first. */
function useDocumentTitle() {
  const name = useEditor((state) => documentLabel(state.doc.name, state.path));
  const dirty = useEditor((state) => state.dirty);
  useEffect(() => {
    document.title = `${dirty ? "● " : ""}${name} — Foresight`;
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [name, dirty]);
}

/** Live runs of the host: a page that (re)loads while runs go on drives the newest, and lists them all. */
function useRunEvents(transport: Transport) {
  useEffect(() => {
    const offEvents = transport.onRunEvents(liveIngest.receive);
    const offState = transport.onRunState((change) => {
      liveIngest.receiveState(change);
      useLiveRuns.getState().stateChanged(change);
    });
    reattach(transport).then(
      (run) => run && useEditor.getState().say(`Re-attached to the run ${run.runDir ?? run.pipeline}, which is still going`),
      () => undefined, // An older host without listLiveRuns: nothing to re-attach to.
    );
    const offEnded = transport.onRunEnded((ended) => {
      useLiveRuns.getState().ended(ended.runId);
      useRun.getState().ended(ended);
      for (const store of [mainTrace, forkTrace]) {
        const { data } = store.getState();
        if (data.runId !== ended.runId) continue;
        // The last events may still wait for their animation frame: run.end marks the data not live.
        store.setState({ data: { ...data, live: false, runDir: ended.outcome === "finished" ? ended.runDir : data.runDir } });
      }
    });
    return () => {
      offEvents();
      offState();
      offEnded();
    };
  }, [transport]);
}
