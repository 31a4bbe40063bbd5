import { useContext, useEffect, useRef, useState } from "react";
import { markAbsentGlobals } from "./absent-globals.js";
import { useEditor } from "../document/editor-store.js";
import { ScriptTypesContext } from "./script-context.js";
import { runErrorPlace } from "./run-error-place.js";
import { TypeErrors, type ScriptTypeError } from "./TypeErrors.js";
import { useMonaco } from "./use-monaco.js";
import { usePortDeclarations } from "./use-port-declarations.js";
import { useRunError } from "./use-run-error.js";
import { useShownValue } from "./use-shown-value.js";
import { useDarkScheme } from "./use-dark-scheme.js";

type CodeEditor = import("monaco-editor").editor.IStandaloneCodeEditor;

/** How long typing pauses before the code is checked for globals the sandbox lacks. */
const ABSENT_GLOBALS_DELAY_MS = 300;

/**
 * Numbers each model's path: the TypeScript worker keeps a file's parse while its version is unchanged,
 * and every new model starts at version 1, so a node's model made again on its old path (the same id
 * in another file, the node shown again) was checked as the code it had before.
 */
let modelsMade = 0;
const LABEL = "Script code";
/** The owner of the marker that shows the last run's error: not a type error, so not counted as one. */
const RUN_ERROR_OWNER = "foresight-run";

/**
 * A Script node's code in Monaco (TypeScript, typed by the node's ports, type errors inline and
 * counted). Monaco loads lazily; until it is there (or if it cannot load) the code is a text area.
 * Every change goes through `onChange` (the store: undo, dirty), and Ctrl+Z / Ctrl+Shift+Z in the
 * editor are the document's undo and redo, not Monaco's own.
 */
export function ScriptCodeEditor({ value, onChange, describedBy }: { value: string; onChange: (code: string) => void; describedBy?: string }) {
  const types = useContext(ScriptTypesContext);
  const nodeId = types?.nodeId ?? "script";
  const host = useRef<HTMLDivElement>(null);
  const { monaco, loadError } = useMonaco();
  const [errors, setErrors] = useState<ScriptTypeError[] | null>(null);
  const editor = useRef<CodeEditor | null>(null);
  /** True while the document's value is being written into the model (not a user edit). */
  const applying = useRef(false);
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  const dark = useDarkScheme();

  // Before the model, so that the model's first check already has the node's own ports.
  usePortDeclarations(monaco, types?.inputs ?? [], types?.outputs ?? []);

  // One editor and model per node shown; markers of the model give the type errors.
  useEffect(() => {
    if (!monaco || !host.current) return;
    const { editor: editors, Uri, KeyMod, KeyCode, MarkerSeverity } = monaco.monaco;
    const uri = Uri.parse(`file:///foresight/scripts/${++modelsMade}/${encodeURIComponent(nodeId)}.ts`);
    const model = editors.createModel(latest.current.value, "typescript", uri);
    const instance = editors.create(host.current, {
      model,
      ariaLabel: LABEL,
      automaticLayout: true,
      minimap: { enabled: false },
      wordWrap: "on",
      fontSize: 12,
      lineNumbersMinChars: 3,
      folding: false,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      overflowWidgetsDomNode: monaco.overflowWidgetsNode(),
      renderLineHighlight: "none",
      tabSize: 2,
    });
    editor.current = instance;
    let absentCheck: ReturnType<typeof setTimeout> | undefined;
    const checkAbsentGlobals = () => {
      clearTimeout(absentCheck);
      // A worker that is not up yet (or has gone with the editor) leaves the marks as they were.
      absentCheck = setTimeout(() => void markAbsentGlobals(monaco, model).catch(() => {}), ABSENT_GLOBALS_DELAY_MS);
    };
    checkAbsentGlobals();
    const changes = model.onDidChangeContent(() => {
      if (!applying.current) latest.current.onChange(model.getValue());
      checkAbsentGlobals();
    });
    instance.addCommand(KeyMod.CtrlCmd | KeyCode.KeyZ, () => useEditor.getState().undo());
    instance.addCommand(KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.KeyZ, () => useEditor.getState().redo());
    instance.addCommand(KeyMod.CtrlCmd | KeyCode.KeyY, () => useEditor.getState().redo());
    const readMarkers = () =>
      setErrors(
        editors
          .getModelMarkers({ resource: uri })
          .filter((marker) => marker.severity === MarkerSeverity.Error && marker.owner !== RUN_ERROR_OWNER)
          .map((marker) => ({ line: marker.startLineNumber, message: marker.message })),
      );
    // A clean model gets no marker event: start from "none" and let the worker's reports change it.
    readMarkers();
    const markers = editors.onDidChangeMarkers((uris) => {
      if (uris.some((changed) => changed.toString() === uri.toString())) readMarkers();
    });
    return () => {
      clearTimeout(absentCheck);
      markers.dispose();
      changes.dispose();
      instance.dispose();
      model.dispose();
      editor.current = null;
      setErrors(null);
    };
  }, [monaco, nodeId]);

  // The last run's error where it happened, as the node's badge and the Dashboard report it.
  const runError = useRunError(nodeId);
  useEffect(() => {
    const model = editor.current?.getModel();
    if (!monaco || !model) return;
    const place = runError === null ? undefined : runErrorPlace(runError);
    // The code may have lost that line since the run.
    if (runError === null || !place || place.line > model.getLineCount()) {
      monaco.monaco.editor.setModelMarkers(model, RUN_ERROR_OWNER, []);
      return;
    }
    const { line } = place;
    const column = Math.min(place.column ?? model.getLineFirstNonWhitespaceColumn(line), model.getLineMaxColumn(line));
    // The word at the place (QuickJS names a call by its "(", just after the callee), else the rest of the line.
    const word = model.getWordAtPosition({ lineNumber: line, column });
    monaco.monaco.editor.setModelMarkers(model, RUN_ERROR_OWNER, [
      {
        severity: monaco.monaco.MarkerSeverity.Error,
        message: `The last run failed here: ${runError}`,
        startLineNumber: line,
        startColumn: word?.startColumn ?? column,
        endLineNumber: line,
        endColumn: word?.endColumn ?? model.getLineMaxColumn(line),
      },
    ]);
  }, [monaco, nodeId, runError]);

  useShownValue(editor, applying, value, monaco);

  useEffect(() => monaco?.monaco.editor.setTheme(dark ? "foresight-dark" : "foresight-light"), [monaco, dark]);

  const ready = monaco !== null && loadError === null;
  return (
    <>
      {!ready && (
        <textarea
          className="mono"
          rows={14}
          spellCheck={false}
          aria-label={LABEL}
          aria-describedby={describedBy}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {/* nokey: Monaco types into an EditContext div, which the canvas would otherwise take for its own keys (Space pans, Backspace deletes the node). */}
      <div ref={host} className="script-code nokey" hidden={!ready} data-testid="script-code-editor" />
      {loadError && <small className="help error">The code editor could not load ({loadError}); editing as plain text.</small>}
      {ready && <TypeErrors errors={errors} />}
    </>
  );
}
