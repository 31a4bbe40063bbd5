import type OpenAI from "openai";
import { isAbsolute, join } from "node:path";
import { lazyModule } from "../../runtime/lazy-module.js";
import { requestHash, ResponseCache } from "./cache.js";
import { ConcurrencyLimit } from "./concurrency.js";
import type { ChatRequest, Exchange } from "./exchange.js";
import type { LlmConnection } from "./params.js";

/** Only pipelines with an LLM node need the client. */
const openaiModule = lazyModule<typeof import("openai")>("openai");

/**
 * One LLM node's access to its server for one run: the official `openai` client (its retries
 * honour Retry-After on 429 and back off on 5xx, timeouts and connection errors), in front of it
 * the response cache, the run's request and token budget and a concurrency limit.
 */
export class LlmClient {
  private readonly openai: OpenAI;
  private readonly cache: ResponseCache | undefined;
  private readonly limit: ConcurrencyLimit;
  private requests = 0;
  private tokens = 0;

  constructor(
    private readonly p: LlmConnection,
    pipelineDir: string,
    private readonly nodeId: string,
  ) {
    this.openai = new (openaiModule().OpenAI)({
      baseURL: p.baseUrl,
      // Local servers take no key; the client insists on a string, so an unset variable sends a placeholder.
      apiKey: process.env[p.apiKeyEnv] || "no-key",
      timeout: p.timeoutMs,
      maxRetries: p.maxRetries,
    });
    this.cache = p.cache === "off" ? undefined : new ResponseCache(isAbsolute(p.cacheDir) ? p.cacheDir : join(pipelineDir, p.cacheDir));
    this.limit = new ConcurrencyLimit(p.concurrency);
  }

  /** Requests sent so far in this run (cache hits excluded). */
  get requestsSent(): number {
    return this.requests;
  }

  /** The response to `request`: from the cache when it holds one, else from the server (then cached). */
  async complete(request: ChatRequest, signal: AbortSignal): Promise<Exchange> {
    const hash = requestHash(this.p.baseUrl, request);
    const cached = this.cache?.read(hash);
    if (cached !== undefined) return { hash, cached: true, request, response: cached };
    if (this.p.cache === "offline") {
      throw new Error(`cache is "offline" and holds no response for request ${hash} (in ${this.cache!.folder}); run once with cache "read-write" to fill it`);
    }
    return this.limit.run(async () => {
      this.spend();
      let response: unknown;
      try {
        // A signal of its own per request: the client listens on it, and the run's signal lives for the whole run.
        const options = { signal: AbortSignal.any([signal]) };
        response = this.p.stream
          ? // The client's stream helper assembles the chunks (every choice, its log-probs, the usage) into one completion.
            await this.openai.chat.completions.stream({ ...request, stream_options: { include_usage: true } }, options).finalChatCompletion()
          : await this.openai.chat.completions.create(request, options);
      } catch (error) {
        throw new Error(`request to ${this.p.baseUrl}/chat/completions (model "${this.p.model}") failed: ${describe(error)}`, { cause: error });
      }
      const usage = (response as { usage?: { total_tokens?: unknown } }).usage?.total_tokens;
      if (typeof usage === "number") this.tokens += usage;
      this.cache?.write(hash, this.p.baseUrl, request, response);
      return { hash, cached: false, request, response };
    });
  }

  /** Counts one request against the budget, or refuses it saying which budget ran out. */
  private spend(): void {
    if (this.requests >= this.p.maxRequests) {
      throw new Error(`LLM budget exceeded: node "${this.nodeId}" already sent ${this.requests} requests this run (maxRequests ${this.p.maxRequests})`);
    }
    if (this.tokens >= this.p.maxTotalTokens) {
      throw new Error(`LLM budget exceeded: node "${this.nodeId}" already used ${this.tokens} tokens this run (maxTotalTokens ${this.p.maxTotalTokens})`);
    }
    this.requests++;
  }
}

/** An error from the client as one line; never includes headers (which carry the key). */
function describe(error: unknown): string {
  if (error instanceof openaiModule().APIError) {
    const status = error.status === undefined ? "" : `HTTP ${error.status}: `;
    return `${status}${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
