import { SANDBOX_ABSENT_GLOBALS } from "../../protocol/script-declarations.js";

type MonacoModule = typeof import("./monaco.js");
type TextModel = import("monaco-editor").editor.ITextModel;

/** Our markers' owner, beside the TypeScript worker's: both count as the code's type errors. */
const OWNER = "foresight-sandbox";
const NAMES = new RegExp(`\\b(${Object.keys(SANDBOX_ABSENT_GLOBALS).join("|")})\\b`, "g");
/** A definition in one of TypeScript's own lib files (lib.es5.d.ts…): the global, not a name the script declared. */
const LIB_FILE = /(^|\/)lib\.[\w.]+\.d\.ts$/;

/**
 * Marks each use of a global that lib ES2023 declares but the sandbox lacks (`Date`, `Intl`…) as
 * an error saying why it is absent. The TypeScript worker says which occurrences are the global:
 * not a comment, a string, a property or a local of the same name.
 */
export async function markAbsentGlobals(monaco: MonacoModule, model: TextModel): Promise<void> {
  const version = model.getVersionId();
  const text = model.getValue();
  const found = [...text.matchAll(NAMES)];
  const markers = [];
  if (found.length > 0) {
    const worker = await (await monaco.typescript.getTypeScriptWorker())(model.uri);
    for (const match of found) {
      const definitions = (await worker.getDefinitionAtPosition(model.uri.toString(), match.index)) as { fileName: string }[] | undefined;
      if (!definitions?.some((definition) => LIB_FILE.test(definition.fileName))) continue;
      const start = model.getPositionAt(match.index);
      const end = model.getPositionAt(match.index + match[0].length);
      markers.push({
        severity: monaco.monaco.MarkerSeverity.Error,
        message: SANDBOX_ABSENT_GLOBALS[match[0]]!,
        startLineNumber: start.lineNumber,
        startColumn: start.column,
        endLineNumber: end.lineNumber,
        endColumn: end.column,
      });
    }
  }
  // Edited meanwhile: the next check, already asked for, has the say.
  if (model.isDisposed() || model.getVersionId() !== version) return;
  monaco.monaco.editor.setModelMarkers(model, OWNER, markers);
}
