import { useCallback, useMemo, useState } from "react";
import {
  BridgeTransport,
  counted,
  type ExpectedOnDisk,
  type OpenedFile,
  type PipelineDocument,
  type Problem,
  type SaveConflict,
  type Template,
  type TraceLevel,
  type Transport,
} from "../../protocol/index.js";
import { openRunInView } from "../dashboard/open-run.js";
import { useEditor } from "../document/editor-store.js";
import { rebaseOntoRoot } from "../document/base-dir.js";
import { duplicateIdRefusal } from "../document/duplicate-ids.js";
import { emptyDocument, fromPipelineDocument, nameFromPath, toPipelineDocument, UNTITLED_NAME, type EditorDocument } from "../document/pipeline.js";
import { UNTITLED } from "../fork/fork-run.js";
import { reasonAbout } from "../files/host-reason.js";
import type { Backup } from "../files/unsaved-backups.js";
import { clearRunViews, showDocumentRuns } from "../run/document-runs.js";
import { useRun } from "../run/run-store.js";
import { traceSizeWarning } from "../run/trace-size-check.js";
import type { TraceSizeEstimate } from "../run/trace-size.js";
import { trustToRun } from "../run/trust-question.js";
import { isTrusted } from "../run/trusted-hashes.js";
import { startLive } from "../trace/start-live.js";
import { mainTrace } from "../trace/trace-store.js";
import type { ToolbarActions } from "../toolbar/Toolbar.js";

export type DialogState =
  | { type: "open" }
  /** `then`: what to do once saved (the action the unsaved-changes dialog held back). */
  | { type: "save-as"; then?: () => void }
  /** A save found another file than it expected at `path`; `then`: what to do once saved. */
  | { type: "save-conflict"; path: string; conflict: SaveConflict["conflict"]; then?: () => void }
  | { type: "unsaved"; then: () => void }
  /** `then`: starts the run, at `level` when the user chose a lighter trace. */
  | { type: "trace-size"; estimate: TraceSizeEstimate; episodes: number; maxSteps: number; then: (level?: TraceLevel) => void }
  | null;

/** How Validate's notice begins: "Validated: no problems", "Validated: 3 problems". */
const VALIDATED = "Validated:";

/** What the toolbar's buttons do, and which dialog is up. */
export function useActions(transport: Transport, validateNow: () => Promise<readonly Problem[] | null>) {
  const [dialog, setDialog] = useState<DialogState>(null);
  /** In the desktop app, Open and Save as are the system's dialogs (they also allow the file chosen). */
  const desktop = transport instanceof BridgeTransport ? transport : null;
  const [loadCount, setLoadCount] = useState(0);

  /** Puts `doc` on the canvas with views of its own: the last document's runs go, its own come back. */
  const loadDocument = useCallback(
    (doc: EditorDocument, path: string | null, ownRuns: boolean, diskHash: string | null = null) => {
      useEditor.getState().load(doc, path, diskHash);
      const refusal = duplicateIdRefusal(doc);
      if (refusal) useEditor.getState().say(refusal, "error");
      clearRunViews();
      setLoadCount((n) => n + 1);
      validateNow();
      if (ownRuns) showDocumentRuns(transport).catch(() => undefined);
    },
    [transport, validateNow],
  );

  /** Runs `action` now, or once the user saved or dropped the unsaved changes. */
  const guard = useCallback((action: () => void) => {
    if (!useEditor.getState().dirty) return action();
    setDialog({ type: "unsaved", then: action });
  }, []);

  /**
   * Saves to `path`, then runs `then`; `onDisk`: what is to be replaced there (left out: whatever is), and if it is not, the user
   * chooses (SaveConflictDialog). Saved as another file, a document still untitled takes that file's name (its runs are named
   * after it). Answers the host's reason when it refused, null otherwise.
   */
  const writeFile = useCallback(
    async (path: string, onDisk: ExpectedOnDisk | undefined, then: (() => void) | undefined): Promise<string | null> => {
      const { doc, path: savedAt, markSaved, say } = useEditor.getState();
      const refusal = duplicateIdRefusal(doc);
      if (refusal) return refusal;
      const name = doc.name === UNTITLED_NAME && path !== savedAt ? nameFromPath(path) : undefined;
      try {
        const answer = await transport.saveFile(path, toPipelineDocument(name === undefined ? doc : { ...doc, name }), onDisk);
        if ("conflict" in answer) {
          setDialog({ type: "save-conflict", path: answer.path, conflict: answer.conflict, ...(then ? { then } : {}) });
          return null;
        }
        markSaved(answer.path, answer.hash, name);
        say(`Saved ${answer.path}`);
        then?.();
        return null;
      } catch (error) {
        return reasonAbout(error, path);
      }
    },
    [transport],
  );

  /** Saves to `path` as writeFile does, saying a refusal in the notice. */
  const saveTo = useCallback(
    async (path: string, onDisk?: ExpectedOnDisk, then?: () => void) => {
      const refused = await writeFile(path, onDisk, then);
      if (refused) useEditor.getState().say(`Could not save ${path}: ${refused}`, "error");
    },
    [writeFile],
  );

  /** Save as from our dialog (SaveAsDialog): it closes once saved (or for the conflict's question), and stays to show a refusal. */
  const saveAsTo = useCallback(
    (path: string, then?: () => void) =>
      writeFile(path, expectedAt(path), () => {
        setDialog(null);
        then?.();
      }),
    [writeFile],
  );

  /** Save as: the system's dialog in the desktop app (it asks before replacing a file), ours in the browser; `then` runs once saved. */
  const saveAs = useCallback(
    (then?: () => void) => {
      if (!desktop) return setDialog({ type: "save-as", ...(then ? { then } : {}) });
      const { path, doc } = useEditor.getState();
      desktop.desktop("chooseSaveFile", { suggestedName: path ? nameFromPath(path) + ".foresight.json" : `${nameFromPath(doc.name)}.foresight.json` }).then(
        (chosen) => chosen && void saveTo(chosen, undefined, then),
        (error: Error) => useEditor.getState().say(`Save as: ${error.message}`, "error"),
      );
    },
    [desktop, saveTo],
  );

  /** Saves over the file the document came from, as it was then (or asks where), then runs `then`. */
  const saveThen = useCallback(
    (then?: () => void) => {
      const { path } = useEditor.getState();
      if (path) void saveTo(path, expectedAt(path), then);
      else saveAs(then);
    },
    [saveAs, saveTo],
  );

  /** The document's file as it is on disk now, in place of the document (an undo step); its run views stay. */
  const showFromDisk = useCallback(
    (opened: OpenedFile) => {
      useEditor.getState().showFromDisk(fromPipelineDocument(opened.doc), opened.hash);
      validateNow();
    },
    [validateNow],
  );

  /** Reads `path` afresh and shows it in place of the document (the save conflict's "Reload from disk"); answers whether it did. */
  const reloadFromDisk = useCallback(
    (path: string) =>
      transport.readFile(path).then(
        (opened) => {
          showFromDisk(opened);
          return true;
        },
        (error: Error) => {
          useEditor.getState().say(`Could not reload ${path}: ${reasonAbout(error, path)}`, "error");
          return false;
        },
      ),
    [showFromDisk, transport],
  );

  const openFile = useCallback(
    async (path: string) => {
      setDialog(null);
      try {
        const opened = await transport.readFile(path);
        loadDocument(fromPipelineDocument(opened.doc), opened.path, true, opened.hash);
      } catch (error) {
        useEditor.getState().say(`Could not open ${path}: ${reasonAbout(error, path)}`, "error");
      }
    },
    [transport, loadDocument],
  );

  /** The pipeline a run ran with (its folder's copy) on the canvas, unsaved, with that run in view. */
  const openRunPipeline = useCallback(
    (runDir: string) =>
      guard(() => {
        transport.openRun(runDir).then(
          async (record) => {
            loadDocument(fromPipelineDocument(rebaseOntoRoot(record.pipeline, runDir)), null, false);
            await openRunInView(transport, runDir);
            useEditor.getState().say(`Opened ${runDir}: the pipeline it ran with is on the canvas, unsaved; Save as keeps it`);
          },
          (error: Error) => useEditor.getState().say(`Could not open the pipeline of ${runDir}: ${error.message}`, "error"),
        );
      }),
    [guard, loadDocument, transport],
  );

  /** Unsaved changes an earlier page kept, back on the canvas as they were: unsaved, over their file as it was then. */
  const restoreUnsaved = useCallback(
    (backup: Backup) => {
      loadDocument(fromPipelineDocument(backup.doc), backup.path, backup.path !== null, backup.diskHash);
      useEditor.setState({ dirty: true, savedFile: null });
      useEditor.getState().say(`Restored the unsaved changes${backup.path ? ` to ${backup.path}` : ""}; Save keeps them`);
    },
    [loadDocument],
  );

  const openTemplate = useCallback(
    (template: Template) => {
      setDialog(null);
      loadDocument(fromPipelineDocument(structuredClone(template.doc)), null, true);
    },
    [loadDocument],
  );

  const actions: ToolbarActions = useMemo(() => {
    /** Runs `pipeline`; `trustedHash`: its content hash, which the user trusted, when it has scripts; `traceLevel`: this run's, over the file's. */
    function startRun(pipeline: PipelineDocument, trustedHash?: string, traceLevel?: TraceLevel) {
      const { path, notice } = useEditor.getState();
      // "Showing this pipeline's last run, …" and the like speak of what the new run replaces.
      if (notice?.tone === "info") useEditor.setState({ notice: null });
      const started = startLive(mainTrace, () => transport.startRun(pipeline, path ?? UNTITLED, { ...(trustedHash ? { trustedHash } : {}), ...(traceLevel ? { traceLevel } : {}) }));
      // The host now trusts the pipeline: validation may start its programs, so "not checked until you trust it" goes.
      if (trustedHash)
        void started.then((error) => {
          if (error === null) void validateNow();
        });
    }
    /**
     * Runs `pipeline`, once the user chose, when its trace would be large (TraceSizeDialog). A pipeline
     * with problems goes straight to the host, whose refusal lists them: no question about a run that
     * will not start. Validated afresh, as the Problems panel may lag an edit by its debounce.
     */
    function startSized(pipeline: PipelineDocument, trustedHash?: string) {
      const { doc, path } = useEditor.getState();
      void traceSizeWarning(transport, doc, path).then(async (estimate) => {
        if (!estimate) return startRun(pipeline, trustedHash);
        const problems = await transport.validate(pipeline, path ?? undefined).catch(() => []);
        if (problems.length > 0) return startRun(pipeline, trustedHash);
        setDialog({ type: "trace-size", estimate, episodes: doc.run.episodes, maxSteps: doc.run.maxSteps, then: (level) => startRun(pipeline, trustedHash, level) });
      });
    }
    /**
     * Shows "pausing" or "stopping" at once; the host says "paused" once the engine settled (its counts are then final),
     * and the run ends once its summary is written. Puts the old phase back if the host refuses.
     */
    function control(action: "pause" | "step" | "stop", phase: "pausing" | "stopping") {
      const { runId, setPhase, phase: before } = useRun.getState();
      if (!runId) return;
      setPhase(phase);
      transport.controlRun(runId, action).then(
        () => undefined,
        (error: Error) => {
          if (useRun.getState().phase === phase) setPhase(before);
          useEditor.getState().say(`${action}: ${error.message}`, "error");
        },
      );
    }
    return {
      newPipeline: () =>
        guard(() => loadDocument(emptyDocument(), null, false)),
      open: () =>
        guard(() => {
          if (!desktop) return setDialog({ type: "open" });
          desktop.desktop("chooseOpenFile", {}).then(
            (chosen) => chosen && void openFile(chosen),
            (error: Error) => useEditor.getState().say(`Open: ${error.message}`, "error"),
          );
        }),
      save: () => saveThen(),
      saveAs: () => saveAs(),
      validate: () => {
        // The same words again would not be read out again (nor seen to change): cleared first, each click is heard.
        if (useEditor.getState().notice?.text.startsWith(VALIDATED)) useEditor.setState({ notice: null });
        void validateNow().then((problems) => problems && useEditor.getState().say(`${VALIDATED} ${problems.length === 0 ? "no problems" : counted(problems.length, "problem")}`));
      },
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
        // The host says which nodes need trust and why, and hashes the content; trust is remembered per hash.
        const pipeline = toPipelineDocument(useEditor.getState().doc);
        transport.trustInfo(pipeline).then(
          async (info) => {
            // Problems first: no trust question about a run that will not start. Validation is complete
            // without trust unless a node starts a program (that is checked only once it is trusted).
            if (info.scripts.length > 0 && !isTrusted(info.hash) && !info.reasons.some((reason) => reason.does === "starts-program")) {
              const problems = await transport.validate(pipeline, useEditor.getState().path ?? undefined).catch(() => []);
              if (problems.length > 0) return useRun.getState().notStarted(problems);
            }
            if (!(await trustToRun(pipeline, info, "run"))) return;
            startSized(pipeline, info.scripts.length > 0 ? info.hash : undefined);
          },
          (error: Error) => useRun.getState().failed(error.message),
        );
      },
      pause: () => control("pause", "pausing"),
      step: () => control("step", "pausing"),
      stop: () => control("stop", "stopping"),
    };
  }, [desktop, guard, loadDocument, openFile, saveAs, saveThen, transport, validateNow]);

  const suggestedPath = () => {
    const { path, doc } = useEditor.getState();
    return path ?? `pipelines/${nameFromPath(doc.name)}.foresight.json`;
  };

  return { dialog, setDialog, guard, loadCount, openFile, openTemplate, openRunPipeline, saveTo, saveAsTo, saveThen, saveAs, showFromDisk, reloadFromDisk, restoreUnsaved, actions, suggestedPath };
}

/**
 * What a save to `path` expects there: the document's own file as it was read or last saved, or no
 * file (Save as onto another path, which asks before replacing one).
 */
export function expectedAt(path: string): ExpectedOnDisk | undefined {
  const { path: own, diskHash } = useEditor.getState();
  return path === own ? (diskHash ?? undefined) : null;
}
