import { setTimeout as sleep } from "node:timers/promises";
import type OpenAI from "openai";
import { lazyModule } from "../../runtime/lazy-module.js";
import type { ChatRequest } from "./exchange.js";
import { describeFailure, failedTry, failsEveryTime, PLACEHOLDER_KEY } from "./http-failure.js";
import type { LlmConnection } from "./params.js";
import { ExchangeFailed, KEPT_REPLY_CHARS, type ChatProvider, type ProviderReply } from "./provider.js";
import { maskKey } from "./key-mask.js";
import { askedWaitMs, backoffMs, isRetried, longestWaitMs } from "./retry-policy.js";
import { wholeReplyFetch } from "./whole-reply-fetch.js";

/** Only pipelines with an LLM node on a server need the client. */
const openaiModule = lazyModule<typeof import("openai")>("openai");

/**
 * An OpenAI-compatible chat-completions server through the official `openai` client. The retries
 * are this class's (retry-policy.ts): after 408/409/429/5xx, timeouts and connection errors, waiting
 * as Retry-After asks up to a limit, else backing off; a Stop ends the wait at once.
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
      maxRetries: 0,
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
        stream: p.stream,
        rewrite: (text) => maskKey(text, key, p.apiKeyEnv),
        onTry: (reply) => {
          tries++;
          lastReply = reply?.slice(0, KEPT_REPLY_CHARS);
        },
      }),
    });
    // A signal of its own per request: the client listens on it, and the run's signal lives for the whole run.
    const options = { signal: AbortSignal.any([signal]) };
    const failed = (error: unknown, after = "") => {
      const message = `request to ${p.baseUrl}/chat/completions (model "${p.model}") failed: ${describeFailure(error, p, tries, openaiModule())}${after}`;
      return new ExchangeFailed(message, tries, lastReply, { cause: error, failsEveryTime: failsEveryTime(error, openaiModule()) });
    };
    for (let retry = 0; ; retry++) {
      try {
        const body = p.stream
          ? // The client's stream helper assembles the chunks (every choice, its log-probs, the usage) into one completion.
            await openai.chat.completions.stream({ ...request, stream_options: { include_usage: true } }, options).finalChatCompletion()
          : await openai.chat.completions.create(request, options);
        return { body, tries };
      } catch (error) {
        const wait = retry < p.maxRetries ? waitBeforeRetry(error, retry, p) : undefined;
        if (wait === undefined || signal.aborted) throw failed(error);
        try {
          await sleep(wait, undefined, { signal });
        } catch {
          throw failed(error, "; stopped while waiting to retry");
        }
      }
    }
  }
}

/** How long to wait before asking again after `error`, or undefined where it is not asked again (a fault that repeats, a wait longer than a retry waits). */
function waitBeforeRetry(error: unknown, retry: number, p: LlmConnection): number | undefined {
  const failed = failedTry(error, openaiModule());
  if (failed === undefined || !isRetried(failed)) return undefined;
  const asked = askedWaitMs(failed.headers);
  if (asked !== undefined && asked > longestWaitMs(p)) return undefined;
  return asked ?? backoffMs(retry);
}
