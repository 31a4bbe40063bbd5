import type { PromptPlaceholder } from "../../protocol/prompt-template.js";
import type { JsonSchema } from "../inspector/json-schema.js";

/** The placeholders of a prompt-template param: its schema carries them (`promptTemplate`, zod `.meta`); undefined for other strings. */
export function promptPlaceholders(schema: JsonSchema): PromptPlaceholder[] | undefined {
  const meta = schema.promptTemplate;
  if (typeof meta !== "object" || meta === null || !Array.isArray((meta as { placeholders?: unknown }).placeholders)) return undefined;
  return (meta as { placeholders: unknown[] }).placeholders.filter(
    (p): p is PromptPlaceholder => typeof p === "object" && p !== null && typeof (p as PromptPlaceholder).name === "string" && typeof (p as PromptPlaceholder).description === "string",
  );
}
