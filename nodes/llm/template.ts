import { placeholdersIn, replacePlaceholders } from "../../protocol/prompt-template.js";

/**
 * Fills `{{name}}` placeholders from `fields`. Prompts are data, never code: there are no
 * expressions, only names; an unknown name is an error naming it and the names there are.
 */
export function fillTemplate(template: string, fields: Readonly<Record<string, string>>, where: string): string {
  return replacePlaceholders(template, (name) => {
    const value = fields[name];
    if (value === undefined) {
      throw new Error(`${where}: unknown placeholder {{${name}}}; the placeholders are ${Object.keys(fields).map((f) => `{{${f}}}`).join(", ")}`);
    }
    return value;
  });
}

/** The placeholders used in `template` that `known` lacks (for validation before a run). */
export function unknownPlaceholders(template: string, known: readonly string[]): string[] {
  return [...new Set(placeholdersIn(template).map((p) => p.name).filter((n) => !known.includes(n)))];
}
