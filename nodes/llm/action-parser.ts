import type { Action, Environment, JsonValue } from "../../runtime/environment.js";
import { breach, spaceLabel, type StructuredSpace } from "../../runtime/structured-space.js";
import { actionLabels } from "./prompt-fields.js";

/** A completion read as an action, or why it could not be. */
export type Parsed = { action: Action; error: null } | { action: null; error: string };

/**
 * Reads the action a completion names, per action space:
 * - discrete: an `Action: <label>` line wins (the last such line naming a label); else the one label the text mentions as a whole word
 *   (labels as `describeAction` gives them, case-insensitive). None, or several different ones, is a parse error;
 * - box: the first JSON array of numbers of the action's size;
 * - text: the environment's own parser when it has one (`parseAction`), else the completion's first non-empty line, trimmed;
 * - structured: the first JSON list or object that is an action of the space.
 */
export function parseAction(text: string, environment: Environment): Parsed {
  const space = environment.actionSpace;
  switch (space.kind) {
    case "discrete":
      return parseLabel(text, actionLabels(environment));
    case "box": {
      const size = space.shape.reduce((a, b) => a * b, 1);
      for (const match of text.matchAll(/\[[^[\]]*\]/g)) {
        try {
          const values: unknown = JSON.parse(match[0]);
          if (Array.isArray(values) && values.length === size && values.every((v) => typeof v === "number" && Number.isFinite(v))) {
            return { action: values as number[], error: null };
          }
        } catch {
          // not JSON: try the next bracket
        }
      }
      return { action: null, error: `no JSON array of ${size} numbers in the answer` };
    }
    case "text": {
      // An environment with an action syntax of its own (the shop's search[…], click[…]) reads the answer itself.
      if (environment.parseAction) return environment.parseAction(text);
      const line = text.split("\n").map((l) => l.trim()).find((l) => l.length > 0);
      return line === undefined ? { action: null, error: "the answer is empty" } : { action: line, error: null };
    }
    case "structured":
      return parseStructured(text, space.space);
  }
}

/** The first JSON list or object in the answer that is an action of the space (lists and objects as the environment takes them). */
function parseStructured(text: string, space: StructuredSpace): Parsed {
  for (let start = 0; start < text.length; start++) {
    if (text[start] !== "[" && text[start] !== "{") continue;
    const close = text[start] === "[" ? "]" : "}";
    for (let end = text.lastIndexOf(close); end > start; end = text.lastIndexOf(close, end - 1)) {
      try {
        const value = JSON.parse(text.slice(start, end + 1)) as JsonValue;
        if (breach(space, value) === undefined) return { action: value as Action, error: null };
        break;
      } catch {
        // not JSON up to here: try a shorter span
      }
    }
  }
  return { action: null, error: `no JSON action of ${spaceLabel(space)} in the answer` };
}

function escape(label: string): string {
  return label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function parseLabel(text: string, labels: readonly string[]): Parsed {
  const lower = text.toLowerCase();
  // The last `Action:` first: an answer that recalls an earlier one ("Previous action: left failed.") states its own after it.
  const explicit = [...text.matchAll(/action\s*[:=]\s*\**\s*([^\n*.]+)/gi)].map((m) => m[1]!.trim().toLowerCase()).reverse();
  for (const named of explicit) {
    const index = labels.findIndex((l) => l.toLowerCase() === named);
    if (index >= 0) return { action: index, error: null };
  }
  const mentioned = labels
    .map((label, index) => ({ label, index }))
    .filter(({ label }) => new RegExp(`(^|[^a-z0-9_])${escape(label.toLowerCase())}($|[^a-z0-9_])`).test(lower));
  if (mentioned.length === 1) return { action: mentioned[0]!.index, error: null };
  if (mentioned.length === 0) return { action: null, error: `names none of the actions (${labels.join(", ")})` };
  return { action: null, error: `names several actions (${mentioned.map((m) => m.label).join(", ")}); answer with one, e.g. "Action: ${labels[0]}"` };
}
