import { useEffect, type RefObject } from "react";

type CodeEditor = import("monaco-editor").editor.IStandaloneCodeEditor;

/**
 * Shows the document's `value` in the editor when it changed under it (undo, redo, another view),
 * as one edit; `applying` is set meanwhile, so the editor's change listener does not report it back
 * as the user's. `ready` (the loaded Monaco) runs it again once the editor exists.
 */
export function useShownValue(editor: RefObject<CodeEditor | null>, applying: RefObject<boolean>, value: string, ready: unknown): void {
  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model || model.getValue() === value) return;
    applying.current = true;
    try {
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
    } finally {
      applying.current = false;
    }
  }, [editor, applying, value, ready]);
}
