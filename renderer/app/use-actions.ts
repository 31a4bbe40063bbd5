import { useCallback, useMemo, useState } from "react";
import { BridgeTransport, type PipelineDocument, type Template, type Transport } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import { emptyDocument, fromPipelineDocument, nameFromPath, toPipelineDocument } from "../document/pipeline.js";
import { useRun } from "../run/run-store.js";
import { isTrusted, rememberTrusted } from "../run/trusted-hashes.js";
import type { ScriptToTrust } from "../run/TrustDialog.js";
import { startLive } from "../trace/start-live.js";
import { mainTrace } from "../trace/trace-store.js";
import type { ToolbarActions } from "../toolbar/Toolbar.js";

export type DialogState =
  | { type: "open" }
  | { type: "save-as" }
  | { type: "confirm"; title: string; message: string; confirm: string; then: () => void }
  | { type: "trust"; scripts: ScriptToTrust[]; hash: string; then: () => void }
  | null;

const UNTITLED = "untitled.foresight.json";

/** What the toolbar's buttons do, and which dialog is up. */
export function useActions(transport: Transport, validateNow: () => void) {
  const [dialog, setDialog] = useState<DialogState>(null);
  /** In the desktop app, Open and Save as are the system's dialogs (they also allow the file chosen). */
  const desktop = transport instanceof BridgeTransport ? transport : null;
  const [loadCount, setLoadCount] = useState(0);

  /** Runs `action` now, or after the user agrees to drop unsaved changes. */
  const guard = useCallback((action: () => void) => {
    if (!useEditor.getState().dirty) return action();
    setDialog({ type: "confirm", title: "Discard unsaved changes?", message: "The pipeline has changes that are not saved. They will be lost.", confirm: "Discard changes", then: action });
  }, []);

  const saveTo = useCallback(
    async (path: string) => {
      const { doc, markSaved, say } = useEditor.getState();
      try {
        const saved = await transport.saveFile(path, toPipelineDocument(doc));
        markSaved(saved.path);
        say(`Saved ${saved.path}`);
      } catch (error) {
        say(`Could not save ${path}: ${(error as Error).message}`, "error");
      }
    },
    [transport],
  );

  const openFile = useCallback(
    async (path: string) => {
      setDialog(null);
      try {
        const opened = await transport.readFile(path);
        useEditor.getState().load(fromPipelineDocument(opened.doc), opened.path);
        setLoadCount((n) => n + 1);
        validateNow();
      } catch (error) {
        useEditor.getState().say(`Could not open ${path}: ${(error as Error).message}`, "error");
      }
    },
    [transport, validateNow],
  );

  const openTemplate = useCallback(
    (template: Template) => {
      setDialog(null);
      useEditor.getState().load(fromPipelineDocument(structuredClone(template.doc)), null);
      setLoadCount((n) => n + 1);
      validateNow();
    },
    [validateNow],
  );

  const actions: ToolbarActions = useMemo(() => {
    /** Runs `pipeline`; `trustedHash`: its content hash, which the user trusted, when it has scripts. */
    function startRun(pipeline: PipelineDocument, trustedHash?: string) {
      const { path } = useEditor.getState();
      void startLive(mainTrace, () => transport.startRun(pipeline, path ?? UNTITLED, trustedHash ? { trustedHash } : {}));
    }
    /** Shows "pausing" at once; the host says "paused" once the engine settled (its counts are then final). Puts the old phase back if the host refuses. */
    function control(action: "pause" | "step" | "stop", phase?: "pausing") {
      const { runId, setPhase, phase: before } = useRun.getState();
      if (!runId) return;
      if (phase) setPhase(phase);
      transport.controlRun(runId, action).then(
        () => undefined,
        (error: Error) => {
          if (phase && useRun.getState().phase === phase) setPhase(before);
          useEditor.getState().say(`${action}: ${error.message}`, "error");
        },
      );
    }
    function nativeSaveAs() {
      if (!desktop) return setDialog({ type: "save-as" });
      const { path, doc } = useEditor.getState();
      desktop.desktop("chooseSaveFile", { suggestedName: path ? nameFromPath(path) + ".foresight.json" : `${nameFromPath(doc.name)}.foresight.json` }).then(
        (chosen) => chosen && void saveTo(chosen),
        (error: Error) => useEditor.getState().say(`Save as: ${error.message}`, "error"),
      );
    }
    return {
      newPipeline: () =>
        guard(() => {
          useEditor.getState().load(emptyDocument(), null);
          setLoadCount((n) => n + 1);
          validateNow();
        }),
      open: () =>
        guard(() => {
          if (!desktop) return setDialog({ type: "open" });
          desktop.desktop("chooseOpenFile", {}).then(
            (chosen) => chosen && void openFile(chosen),
            (error: Error) => useEditor.getState().say(`Open: ${error.message}`, "error"),
          );
        }),
      save: () => {
        const { path } = useEditor.getState();
        if (path) void saveTo(path);
        else nativeSaveAs();
      },
      saveAs: nativeSaveAs,
      validate: validateNow,
      run: () => {
        const run = useRun.getState();
        if (run.phase === "paused" && run.runId) {
          run.setPhase("running");
          transport.controlRun(run.runId, "resume").catch((error: Error) => {
            if (useRun.getState().phase === "running") run.setPhase("paused");
            useEditor.getState().say(`resume: ${error.message}`, "error");
          });
          return;
        }
        // The host says which nodes run user code and hashes the content; trust is remembered per hash.
        const { doc } = useEditor.getState();
        const pipeline = toPipelineDocument(doc);
        transport.trustInfo(pipeline).then(
          ({ scripts, hash }) => {
            if (scripts.length === 0) return startRun(pipeline);
            if (isTrusted(hash)) return startRun(pipeline, hash);
            const shown = scripts.map((id) => {
              const node = doc.nodes.find((n) => n.id === id);
              // A node that starts a program (an external environment) shows its params: the command is among them.
              const params = node?.data.params ?? {};
              return { id, title: node?.data.title ?? id, code: typeof params.code === "string" ? params.code : JSON.stringify(params, null, 2) };
            });
            setDialog({
              type: "trust",
              scripts: shown,
              hash,
              then: () => {
                rememberTrusted(hash);
                startRun(pipeline, hash);
              },
            });
          },
          (error: Error) => useRun.getState().failed(error.message),
        );
      },
      pause: () => control("pause", "pausing"),
      step: () => control("step", "pausing"),
      stop: () => control("stop"),
    };
  }, [desktop, guard, openFile, saveTo, transport, validateNow]);

  const suggestedPath = () => {
    const { path, doc } = useEditor.getState();
    return path ?? `pipelines/${nameFromPath(doc.name)}.foresight.json`;
  };

  return { dialog, setDialog, guard, loadCount, openFile, openTemplate, saveTo, actions, suggestedPath };
}
