/**
 * The syntax of LLM prompt templates (`{{name}}`, nothing else is evaluated), shared by the nodes
 * that fill them (nodes/llm/template.ts) and the editor that highlights and checks them.
 */

/** One placeholder a prompt param accepts, with what it holds. */
export type PromptPlaceholder = { name: string; description: string };

/** What a prompt param's schema carries to the editor (zod `.meta({ promptTemplate })`). */
export type PromptTemplateMeta = { placeholders: PromptPlaceholder[] };

/** A `{{name}}` in a template, spaces inside the braces allowed. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Each placeholder in `template`: its name and where it stands ([start, end) in UTF-16 units). */
export function placeholdersIn(template: string): { name: string; start: number; end: number }[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1]!, start: m.index, end: m.index + m[0].length }));
}

/** Replaces each placeholder by `value(name)`. */
export function replacePlaceholders(template: string, value: (name: string) => string): string {
  return template.replace(PLACEHOLDER, (_, name: string) => value(name));
}
