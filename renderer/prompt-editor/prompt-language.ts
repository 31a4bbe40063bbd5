import type { PromptPlaceholder } from "../../protocol/prompt-template.js";
import { placeholdersIn } from "../../protocol/prompt-template.js";

type Monaco = typeof import("monaco-editor/esm/vs/editor/editor.api.js");
type TextModel = import("monaco-editor").editor.ITextModel;

/** Monaco's language id of prompt templates: plain text with `{{placeholder}}` tokens. */
export const PROMPT_LANGUAGE = "foresight-prompt";
/** The owner of the markers this module sets (unknown placeholders). */
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
        [/\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}/, "placeholder"],
        [/[^{]+/, ""],
        [/\{/, ""],
      ],
    },
  });
  languages.registerCompletionItemProvider(PROMPT_LANGUAGE, {
    triggerCharacters: ["{"],
    provideCompletionItems(model, position) {
      const placeholders = accepted.get(model.uri.toString()) ?? [];
      const line = model.getLineContent(position.lineNumber);
      const opened = /\{\{\s*([A-Za-z0-9_]*)$/.exec(line.slice(0, position.column - 1));
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

/** The placeholders of `text` the node does not accept, with where they stand. */
export function unknownPlaceholdersIn(text: string, placeholders: readonly PromptPlaceholder[]): { name: string; start: number; end: number }[] {
  return placeholdersIn(text).filter((p) => !placeholders.some((known) => known.name === p.name));
}

/** Marks each unknown placeholder of the model inline (the same rule validation applies before a run). */
export function markUnknownPlaceholders(monaco: Monaco, model: TextModel, placeholders: readonly PromptPlaceholder[]): void {
  const names = placeholders.map((p) => `{{${p.name}}}`).join(", ");
  monaco.editor.setModelMarkers(
    model,
    MARKER_OWNER,
    unknownPlaceholdersIn(model.getValue(), placeholders).map((p) => {
      const start = model.getPositionAt(p.start);
      const end = model.getPositionAt(p.end);
      return {
        severity: monaco.MarkerSeverity.Error,
        message: `unknown placeholder {{${p.name}}}; the placeholders are ${names}`,
        startLineNumber: start.lineNumber,
        startColumn: start.column,
        endLineNumber: end.lineNumber,
        endColumn: end.column,
      };
    }),
  );
}
