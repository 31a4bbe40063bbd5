import { useCallback, useMemo, useState } from "react";
import type { PipelineDocument, Template, Transport } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import { emptyDocument, fromPipelineDocument, nameFromPath, toPipelineDocument } from "../document/pipeline.js";
import { useRun } from "../run/run-store.js";
import { isTrusted, rememberTrusted } from "../run/trusted-hashes.js";
import type { ScriptToTrust } from "../run/TrustDialog.js";
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
    /** Runs `pipeline` (the exact content the user trusted, when it has scripts). */
    function startRun(pipeline: PipelineDocument, trusted: boolean) {
      const { path } = useEditor.getState();
      useRun.getState().starting();
      transport.startRun(pipeline, path ?? UNTITLED, trusted ? { trusted } : {}).then(
        ({ runId }) => useRun.getState().started(runId),
        (error: Error) => useRun.getState().failed(error.message),
      );
    }
    function control(action: "pause" | "step" | "stop", phase?: "paused") {
      const { runId, setPhase } = useRun.getState();
      if (!runId) return;
      transport.controlRun(runId, action).then(
        () => phase && useRun.getState().phase !== "ended" && setPhase(phase),
        (error: Error) => useEditor.getState().say(`${action}: ${error.message}`, "error"),
      );
    }
    return {
      newPipeline: () =>
        guard(() => {
          useEditor.getState().load(emptyDocument(), null);
          setLoadCount((n) => n + 1);
          validateNow();
        }),
      open: () => guard(() => setDialog({ type: "open" })),
      save: () => {
        const { path } = useEditor.getState();
        if (path) void saveTo(path);
        else setDialog({ type: "save-as" });
      },
      saveAs: () => setDialog({ type: "save-as" }),
      validate: validateNow,
      run: () => {
        const run = useRun.getState();
        if (run.phase === "paused" && run.runId) {
          void transport.controlRun(run.runId, "resume").then(() => run.setPhase("running"));
          return;
        }
        // The host says which nodes run user code and hashes the content; trust is remembered per hash.
        const { doc } = useEditor.getState();
        const pipeline = toPipelineDocument(doc);
        transport.trustInfo(pipeline).then(
          ({ scripts, hash }) => {
            if (scripts.length === 0) return startRun(pipeline, false);
            if (isTrusted(hash)) return startRun(pipeline, true);
            const shown = scripts.map((id) => {
              const node = doc.nodes.find((n) => n.id === id);
              return { id, title: node?.data.title ?? id, code: typeof node?.data.params.code === "string" ? node.data.params.code : "" };
            });
            setDialog({
              type: "trust",
              scripts: shown,
              hash,
              then: () => {
                rememberTrusted(hash);
                startRun(pipeline, true);
              },
            });
          },
          (error: Error) => useRun.getState().failed(error.message),
        );
      },
      pause: () => control("pause", "paused"),
      step: () => control("step", "paused"),
      stop: () => control("stop"),
    };
  }, [guard, saveTo, transport, validateNow]);

  const suggestedPath = () => {
    const { path, doc } = useEditor.getState();
    return path ?? `pipelines/${nameFromPath(doc.name)}.foresight.json`;
  };

  return { dialog, setDialog, loadCount, openFile, openTemplate, saveTo, actions, suggestedPath };
}
