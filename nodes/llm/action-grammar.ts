import type { Environment } from "../../runtime/environment.js";
import { actionLabels } from "./prompt-fields.js";

/**
 * A GBNF grammar (llama.cpp's grammar syntax) that admits exactly one `Action: <action>` line naming an
 * action of the current state: the discrete labels, or the actions a text environment lists (a `[...]`
 * in one, as in the shop's `search[...]`, admits 1–60 characters other than a bracket or line break
 * there: bounded, so a small model that never closes the bracket still ends its answer).
 * Undefined where the environment offers no list (box, structured, text without validActions).
 */
export function actionGrammar(environment: Environment): string | undefined {
  const space = environment.actionSpace;
  const actions = space.kind === "discrete" ? actionLabels(environment) : space.kind === "text" && environment.validActions ? environment.validActions() : [];
  if (actions.length === 0) return undefined;
  const alternatives = [...new Set(actions)].map((action) =>
    action
      .split("[...]")
      .map((part) => (part === "" ? "" : literal(part)))
      .join(' "[" [^\\]\\n]{1,60} "]" ')
      .trim(),
  );
  return `root ::= "Action: " ( ${alternatives.join(" | ")} )`;
}

/** A GBNF string literal: quotes and backslashes escaped, control characters as escapes. */
function literal(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}"`;
}
