import type { ChatRequest } from "./exchange.js";

/**
 * Where an LLM node's requests are answered: a chat-completions server, or a model in this process.
 * Both take the same request record and answer with a chat-completions response body, so the cache,
 * the budget, the trace and the nodes' readers are one code path whichever answers.
 */
export interface ChatProvider {
  /** The answerer's identity in the cache key: the base URL, or the embedded model file's fingerprint. */
  readonly endpoint: string;
  /** The response body to `request`; throws an error saying what was asked of whom and why it failed. */
  complete(request: ChatRequest, signal: AbortSignal): Promise<unknown>;
}
