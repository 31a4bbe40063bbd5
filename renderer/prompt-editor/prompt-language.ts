import type { PromptPlaceholder } from "../../protocol/prompt-template.js";
import { templateProblems } from "../../protocol/prompt-template.js";

type Monaco = typeof import("monaco-editor/esm/vs/editor/editor.api.js");
type TextModel = import("monaco-editor").editor.ITextModel;

/** Monaco's language id of prompt templates: plain text with `{{placeholder}}` tokens. */
export const PROMPT_LANGUAGE = "foresight-prompt";
/** The owner of the markers this module sets (template problems). */
const MARKER_OWNER = "foresight-prompt-placeholders";

/** The placeholders each open prompt model accepts, by model URI: what completion offers there. */
const accepted = new Map<string, PromptPlaceholder[]>();

let registered = false;

/**
 * Registers the prompt language once: `{{name}}` highlighted as a `placeholder` token (the themes
 * in ../script-editor/monaco.ts colour it), and completion after `{{` of the names the model's
 * node accepts, each with what it holds.
 */
export function registerPromptLanguage(monaco: Monaco): void {
  if (registered) return;
  registered = true;
  const { languages, Range } = monaco;
  languages.register({ id: PROMPT_LANGUAGE });
  languages.setMonarchTokensProvider(PROMPT_LANGUAGE, {
    tokenizer: {
      root: [
        // An escape (\{{, \}}) is text; a `{{{` leaves its first brace as text (protocol/prompt-template.ts).
        [/\\(\{\{|\}\})/, ""],
        [/\{(?=\{\{)/, ""],
        [/\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}/, "placeholder"],
        [/[^{\\]+/, ""],
        [/[{\\]/, ""],
      ],
    },
  });
  languages.registerCompletionItemProvider(PROMPT_LANGUAGE, {
    triggerCharacters: ["{"],
    provideCompletionItems(model, position) {
      const placeholders = accepted.get(model.uri.toString()) ?? [];
      const line = model.getLineContent(position.lineNumber);
      const opened = /(?<!\\)\{\{\s*([A-Za-z0-9_]*)$/.exec(line.slice(0, position.column - 1));
      if (!opened || placeholders.length === 0) return { suggestions: [] };
      // Replace the name typed so far, and a closing `}}` already there, so the result is one placeholder.
      const closed = /^[A-Za-z0-9_]*\s*\}\}/.exec(line.slice(position.column - 1));
      const range = new Range(position.lineNumber, position.column - opened[1]!.length, position.lineNumber, position.column + (closed?.[0].length ?? 0));
      return {
        suggestions: placeholders.map((p) => ({
          label: p.name,
          kind: languages.CompletionItemKind.Variable,
          // What it holds, beside the name (the details pane repeats it in full).
          detail: p.description,
          documentation: `{{${p.name}}}: ${p.description}`,
          insertText: `${p.name}}}`,
          filterText: p.name,
          range,
        })),
      };
    },
  });
}

/** Tells completion which placeholders `model` accepts; the returned function forgets it. */
export function acceptPlaceholders(model: TextModel, placeholders: PromptPlaceholder[]): () => void {
  const key = model.uri.toString();
  accepted.set(key, placeholders);
  return () => accepted.delete(key);
}

/** Marks what validation will say of the model's text where it stands: unknown placeholders and braces that are no placeholder. */
export function markTemplateProblems(monaco: Monaco, model: TextModel, placeholders: readonly PromptPlaceholder[]): void {
  monaco.editor.setModelMarkers(
    model,
    MARKER_OWNER,
    templateProblems(model.getValue(), placeholders.map((p) => p.name)).map((problem) => {
      const start = model.getPositionAt(problem.start);
      const end = model.getPositionAt(problem.end);
      return {
        severity: monaco.MarkerSeverity.Error,
        message: problem.message,
        startLineNumber: start.lineNumber,
        startColumn: start.column,
        endLineNumber: end.lineNumber,
        endColumn: end.column,
      };
    }),
  );
}
