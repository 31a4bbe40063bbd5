import type { JsonValue } from "../../runtime/environment.js";

/** One chat message of a request. */
export interface ChatMessage {
  role: "system" | "user";
  content: string;
}

/** The body of a chat-completions request as Foresight sends it (the key travels in a header, never here). */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  n: number;
  temperature: number;
  max_tokens: number;
  stop?: string[];
  logprobs: boolean;
  seed: number;
  /**
   * A GBNF grammar every answer must follow (the policy's `constrain: "actions"`): the embedded provider
   * and llama.cpp's server decode under it; other servers ignore the field.
   */
  grammar?: string;
}

/** One completion of a response, as the nodes read it. */
export interface Completion {
  text: string;
  /** Sum of the token log-probs, when the server returned them; null otherwise. */
  logp: number | null;
  finishReason: string | null;
}

/**
 * One request and its answer, as the node's `exchanges` output traces it: the step inspector
 * shows the prompt and the raw answer. Holds no key (the request body never does).
 */
export interface Exchange {
  hash: string;
  cached: boolean;
  request: ChatRequest;
  response: unknown;
}

/** The completions of a chat-completions response body; throws naming what is missing. */
export function completionsOf(response: unknown): Completion[] {
  const choices = (response as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices)) throw new Error("the server's response has no choices array");
  return choices.map((choice: unknown, i) => {
    const c = choice as { message?: { content?: unknown }; logprobs?: { content?: unknown } | null; finish_reason?: unknown };
    const content = c.message?.content;
    if (typeof content !== "string") throw new Error(`choice ${i} of the server's response has no message content`);
    const tokens = c.logprobs?.content;
    let logp: number | null = null;
    if (Array.isArray(tokens) && tokens.length > 0 && tokens.every((t: unknown) => typeof (t as { logprob?: unknown }).logprob === "number")) {
      logp = tokens.reduce((sum: number, t: { logprob: number }) => sum + t.logprob, 0);
    }
    return { text: content, logp, finishReason: typeof c.finish_reason === "string" ? c.finish_reason : null };
  });
}

/** Exchanges as a JSON port value. */
export function exchangesJson(exchanges: readonly Exchange[]): JsonValue {
  return JSON.parse(JSON.stringify(exchanges)) as JsonValue;
}

/** The output port both LLM variants add: every request and raw answer of the step, for the step inspector. */
export const exchangesPort = {
  type: "json",
  description: "Every request and raw response of the step (never the key), for the step inspector",
} as const;
