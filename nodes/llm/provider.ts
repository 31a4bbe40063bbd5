import type { ChatRequest } from "./exchange.js";

/**
 * Where an LLM node's requests are answered: a chat-completions server, or a model in this process.
 * Both take the same request record and answer with a chat-completions response body, so the cache,
 * the budget, the trace and the nodes' readers are one code path whichever answers.
 */
export interface ChatProvider {
  /** The answerer's identity in the cache key: the base URL, or the embedded model file's fingerprint. */
  readonly endpoint: string;
  /** The response body to `request`; throws an ExchangeFailed saying what was asked of whom and why it failed. */
  complete(request: ChatRequest, signal: AbortSignal): Promise<ProviderReply>;
}

/** A provider's answer: the response body and the HTTP requests it took (1, or more where the client retried). */
export interface ProviderReply {
  body: unknown;
  tries: number;
}

/** Where a reply's raw text is kept for the trace, its first this many characters. */
export const KEPT_REPLY_CHARS = 4096;

/**
 * A request that got no usable reply: the tries it took, the last reply's raw text (its first
 * KEPT_REPLY_CHARS) where one came, and whether every request of the run would fail alike (a refused
 * key, no server at the address): the run then cannot go on (client.ts).
 */
export class ExchangeFailed extends Error {
  readonly failsEveryTime: boolean;

  constructor(
    message: string,
    readonly tries: number,
    readonly rawReply: string | undefined,
    options?: ErrorOptions & { failsEveryTime?: boolean },
  ) {
    super(message, options);
    this.failsEveryTime = options?.failsEveryTime ?? false;
  }
}
