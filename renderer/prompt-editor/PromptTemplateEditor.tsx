import { useEffect, useId, useRef } from "react";
import type { PromptPlaceholder } from "../../protocol/prompt-template.js";
import { useEditor } from "../document/editor-store.js";
import { useDarkScheme } from "../script-editor/use-dark-scheme.js";
import { useMonaco } from "../script-editor/use-monaco.js";
import { useShownValue } from "../script-editor/use-shown-value.js";
import { acceptPlaceholders, markTemplateProblems, PROMPT_LANGUAGE, registerPromptLanguage } from "./prompt-language.js";

type CodeEditor = import("monaco-editor").editor.IStandaloneCodeEditor;

/**
 * An LLM node's prompt template in Monaco: `{{placeholders}}` highlighted, completed after `{{`
 * with the ones the node accepts (and what each holds), and unknown ones marked inline. Until
 * Monaco loads, or if it cannot, the template is a text area. Edits go through `onChange` (the
 * document: undo, dirty), and Ctrl+Z / Ctrl+Shift+Z in the editor are the document's undo and redo.
 * Tab and Shift+Tab move focus on, as in a text box (VS Code's tab focus mode): a prompt rarely
 * needs a tab character, and a keyboard user must be able to leave (a pasted tab is kept).
 */
export function PromptTemplateEditor({ label, value, placeholders, onChange, describedBy }: { label: string; value: string; placeholders: PromptPlaceholder[]; onChange: (text: string) => void; describedBy?: string }) {
  const id = useId();
  const host = useRef<HTMLDivElement>(null);
  const { monaco, loadError } = useMonaco();
  const editor = useRef<CodeEditor | null>(null);
  /** True while the document's value is being written into the model (not a user edit). */
  const applying = useRef(false);
  const latest = useRef({ value, onChange, placeholders });
  latest.current = { value, onChange, placeholders };
  const dark = useDarkScheme();
  const keysHelp = `${id}-keys`;
  const placeholdersHelp = `${id}-placeholders`;
  const description = [placeholdersHelp, keysHelp, describedBy].filter(Boolean).join(" ");

  useEffect(() => {
    if (!monaco || !host.current) return;
    const { editor: editors, Uri, KeyMod, KeyCode } = monaco.monaco;
    registerPromptLanguage(monaco.monaco);
    const uri = Uri.parse(`file:///foresight/prompts/${encodeURIComponent(id)}.prompt`);
    editors.getModel(uri)?.dispose();
    const model = editors.createModel(latest.current.value, PROMPT_LANGUAGE, uri);
    const instance = editors.create(host.current, {
      model,
      ariaLabel: label,
      automaticLayout: true,
      minimap: { enabled: false },
      wordWrap: "on",
      fontSize: 12,
      lineNumbers: "off",
      glyphMargin: false,
      folding: false,
      lineDecorationsWidth: 6,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      overflowWidgetsDomNode: monaco.overflowWidgetsNode(),
      renderLineHighlight: "none",
      tabFocusMode: true,
      // Prose: only the placeholder completion, not every word of the text.
      wordBasedSuggestions: "off",
      quickSuggestions: false,
    });
    editor.current = instance;
    const changes = model.onDidChangeContent(() => {
      markTemplateProblems(monaco.monaco, model, latest.current.placeholders);
      if (!applying.current) latest.current.onChange(model.getValue());
    });
    instance.addCommand(KeyMod.CtrlCmd | KeyCode.KeyZ, () => useEditor.getState().undo());
    instance.addCommand(KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.KeyZ, () => useEditor.getState().redo());
    instance.addCommand(KeyMod.CtrlCmd | KeyCode.KeyY, () => useEditor.getState().redo());
    return () => {
      changes.dispose();
      instance.dispose();
      model.dispose();
      editor.current = null;
    };
  }, [monaco, id, label]);

  // What completion offers and what counts as unknown follow the node's variant (by name: the list is rebuilt every render).
  const names = placeholders.map((p) => p.name).join(" ");
  useEffect(() => {
    const model = editor.current?.getModel();
    if (!monaco || !model) return;
    markTemplateProblems(monaco.monaco, model, latest.current.placeholders);
    return acceptPlaceholders(model, latest.current.placeholders);
  }, [monaco, names]);

  useShownValue(editor, applying, value, monaco);

  // Monaco has no option for a description: it goes on the element it types into (its textbox).
  useEffect(() => {
    if (!monaco) return;
    editor.current?.getDomNode()?.querySelector('[role="textbox"]')?.setAttribute("aria-describedby", description);
  }, [monaco, label, description]);

  useEffect(() => monaco?.monaco.editor.setTheme(dark ? "foresight-dark" : "foresight-light"), [monaco, dark]);

  const ready = monaco !== null && loadError === null;
  return (
    <>
      {!ready && <textarea className="mono" rows={6} spellCheck={false} aria-label={label} aria-describedby={description} value={value} onChange={(event) => onChange(event.target.value)} />}
      {/* nokey: Monaco types into an EditContext div, which the canvas would otherwise take for its own keys (Space pans, Backspace deletes the node). */}
      <div ref={host} className="prompt-template nokey" hidden={!ready} data-testid="prompt-template-editor" />
      {loadError && <small className="help error">The prompt editor could not load ({loadError}); editing as plain text.</small>}
      <small className="help placeholders" id={placeholdersHelp}>
        Placeholders{ready ? " (type {{ to complete)" : ""}: {placeholders.map((p) => `{{${p.name}}}`).join(" ")}
      </small>
      <small className="help" id={keysHelp}>
        Tab and Shift+Tab leave the prompt; \{"{{"} and \{"}}"} write literal braces.
      </small>
    </>
  );
}
