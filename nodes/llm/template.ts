import { replacePlaceholders, templateProblems } from "../../protocol/prompt-template.js";
import type { ParamProblem } from "../../runtime/node-kind.js";

/**
 * Fills `{{name}}` placeholders from `fields`. Prompts are data, never code: there are no
 * expressions, only names; an unknown name or braces that are no placeholder are an error saying
 * so (validation finds them first: this guards a run that skipped it).
 */
export function fillTemplate(template: string, fields: Readonly<Record<string, string>>, where: string): string {
  const problem = templateProblems(template, Object.keys(fields))[0];
  if (problem) throw new Error(`${where}: ${problem.message}`);
  return replacePlaceholders(template, (name) => fields[name]!);
}

/** What is wrong with the prompt params `fields` for a node that fills `known`, each problem once (for validation before a run). */
export function promptProblems<F extends string>(params: Readonly<Record<F, string>>, fields: readonly F[], known: readonly string[]): ParamProblem[] {
  return fields.flatMap((field) => [...new Set(templateProblems(params[field], known).map((p) => p.message))].map((message) => ({ path: [field], message })));
}
