import type OpenAI from "openai";
import { lazyModule } from "../../runtime/lazy-module.js";
import type { ChatRequest } from "./exchange.js";
import type { LlmConnection } from "./params.js";
import { ExchangeFailed, KEPT_REPLY_CHARS, type ChatProvider, type ProviderReply } from "./provider.js";
import { maskKey } from "./key-mask.js";
import { ReplyCutOff, wholeReplyFetch } from "./whole-reply-fetch.js";

/** Only pipelines with an LLM node on a server need the client. */
const openaiModule = lazyModule<typeof import("openai")>("openai");

/**
 * An OpenAI-compatible chat-completions server through the official `openai` client: its retries
 * honour Retry-After on 429 and back off on 5xx, timeouts and connection errors.
 */
export class HttpProvider implements ChatProvider {
  readonly endpoint: string;
  private readonly openai: OpenAI;
  private readonly key: string | undefined;

  constructor(private readonly p: LlmConnection) {
    this.endpoint = p.baseUrl;
    const key = process.env[p.apiKeyEnv] || undefined;
    this.key = key;
    this.openai = new (openaiModule().OpenAI)({
      baseURL: p.baseUrl,
      // Local servers take no key; the client insists on a string, so an unset variable sends a placeholder.
      apiKey: key ?? PLACEHOLDER_KEY,
      timeout: p.timeoutMs,
      maxRetries: p.maxRetries,
    });
  }

  async complete(request: ChatRequest, signal: AbortSignal): Promise<ProviderReply> {
    // A client of its own per request, sharing the connection settings, whose fetch counts this request's tries and keeps its last reply.
    let tries = 0;
    let lastReply: string | undefined;
    const { p, key } = this;
    const openai = this.openai.withOptions({
      fetch: wholeReplyFetch({
        timeoutMs: p.timeoutMs,
        rewrite: (text) => maskKey(text, key, p.apiKeyEnv),
        onTry: (reply) => {
          tries++;
          lastReply = reply?.slice(0, KEPT_REPLY_CHARS);
        },
      }),
    });
    try {
      // A signal of its own per request: the client listens on it, and the run's signal lives for the whole run.
      const options = { signal: AbortSignal.any([signal]) };
      const body = p.stream
        ? // The client's stream helper assembles the chunks (every choice, its log-probs, the usage) into one completion.
          await openai.chat.completions.stream({ ...request, stream_options: { include_usage: true } }, options).finalChatCompletion()
        : await openai.chat.completions.create(request, options);
      return { body, tries };
    } catch (error) {
      throw new ExchangeFailed(`request to ${p.baseUrl}/chat/completions (model "${p.model}") failed: ${describe(error, p)}`, tries, lastReply, { cause: error });
    }
  }
}

/** Sent as the key when the variable apiKeyEnv names is unset or empty (docs/llm-nodes.md). */
const PLACEHOLDER_KEY = "no-key";

/**
 * A 404 is most often a base URL without the API's prefix (llama.cpp, vLLM and Ollama serve
 * /v1/chat/completions), or a model the server does not have: the server's own text says neither.
 */
const NOT_FOUND_HINT = " (is baseUrl the API's root, /chat/completions appended to it — usually ending in /v1 — and model a name the server serves?)";

/** A 401 or 403 says nothing of where the key came from: say whether the variable was set (never its value). */
function keyHint(apiKeyEnv: string): string {
  return process.env[apiKeyEnv]
    ? ` (the key in the environment variable ${apiKeyEnv}, named by apiKeyEnv, was refused)`
    : ` (apiKeyEnv names the environment variable ${apiKeyEnv}, which is not set here, so the placeholder key "${PLACEHOLDER_KEY}" was sent: export the key under that name, or set apiKeyEnv to the variable that holds it)`;
}

/** An error from the client as one line; never includes headers (which carry the key). */
function describe(error: unknown, p: LlmConnection): string {
  const { APIError, APIConnectionError, APIConnectionTimeoutError } = openaiModule();
  const tries = p.maxRetries > 0 ? ` (${p.maxRetries + 1} tries)` : "";
  if (error instanceof APIConnectionTimeoutError) return `no complete answer within timeoutMs ${p.timeoutMs}${tries}`;
  if (error instanceof APIConnectionError && error.cause instanceof ReplyCutOff) return `${error.cause.message}${tries}`;
  if (error instanceof APIConnectionError) {
    // The client says only "Connection error."; the system's reason (ECONNREFUSED, ENOTFOUND) is in its cause.
    // (fetch's own refusals, such as a port browsers block, say "bad port" there instead of a code).
    const cause = (error as { cause?: { code?: unknown; cause?: { code?: unknown; message?: unknown } } }).cause;
    const reason = cause?.code ?? cause?.cause?.code ?? cause?.cause?.message;
    return `${error.message.replace(/\.$/, "")}${typeof reason === "string" ? ` (${reason})` : ""}${tries}: is a server listening at ${p.baseUrl}?`;
  }
  if (error instanceof APIError) {
    if (error.status === undefined) return error.message;
    // The client's message starts with the status already ("404 no route …").
    const message = error.message.startsWith(`${error.status} `) ? error.message.slice(`${error.status} `.length) : error.message;
    const hint = error.status === 404 ? NOT_FOUND_HINT : error.status === 401 || error.status === 403 ? keyHint(p.apiKeyEnv) : "";
    return `HTTP ${error.status}: ${message}${hint}`;
  }
  return error instanceof Error ? error.message : String(error);
}
