import type { JsonValue } from "../../runtime/environment.js";
import type { StepPlace } from "./records.js";

/**
 * The chat an LLM policy sent this step, as JSON text (`[{"role": …, "content": …}, …]`), from its
 * `exchanges` output: the first request's messages (a step's requests, one per completion or one
 * with n, share them). A preference pair's `messages`, to tune that model on the prompt it saw.
 */
export function chatMessagesOf(exchanges: JsonValue, place: StepPlace): string {
  const messages = Array.isArray(exchanges) ? (exchanges[0] as { request?: { messages?: unknown } } | undefined)?.request?.messages : undefined;
  const isChat = Array.isArray(messages) && messages.length > 0 && messages.every((m) => typeof (m as { role?: unknown })?.role === "string" && typeof (m as { content?: unknown }).content === "string");
  if (!isChat) {
    throw new Error(`episode ${place.episode}, step ${place.step}: the "exchanges" input holds no chat request (it takes an LLM policy's exchanges output; this step's: ${JSON.stringify(exchanges).slice(0, 80)})`);
  }
  return JSON.stringify((messages as { role: string; content: string }[]).map(({ role, content }) => ({ role, content })));
}
