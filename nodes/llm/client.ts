import { isAbsolute, join } from "node:path";
import { requestHash, ResponseCache } from "./cache.js";
import { ConcurrencyLimit } from "./concurrency.js";
import { EmbeddedProvider } from "./embedded/embedded-provider.js";
import type { ChatRequest, Exchange } from "./exchange.js";
import { HttpProvider } from "./http-provider.js";
import type { LlmConnection } from "./params.js";
import type { ChatProvider } from "./provider.js";

/**
 * One LLM node's access to its model for one run: the provider its params name (a server, or a model
 * embedded in this process), in front of it the response cache, the run's request and token budget
 * and a concurrency limit.
 */
export class LlmClient {
  private readonly provider: ChatProvider;
  private readonly cache: ResponseCache | undefined;
  private readonly limit: ConcurrencyLimit;
  private requests = 0;
  private tokens = 0;

  constructor(
    private readonly p: LlmConnection,
    pipelineDir: string,
    private readonly nodeId: string,
  ) {
    this.provider = p.provider === "embedded" ? new EmbeddedProvider(p, pipelineDir, nodeId) : new HttpProvider(p);
    this.cache = p.cache === "off" ? undefined : new ResponseCache(isAbsolute(p.cacheDir) ? p.cacheDir : join(pipelineDir, p.cacheDir));
    this.limit = new ConcurrencyLimit(p.concurrency);
  }

  /** Requests sent so far in this run (cache hits excluded). */
  get requestsSent(): number {
    return this.requests;
  }

  /** The response to `request`: from the cache when it holds one, else from the provider (then cached). */
  async complete(request: ChatRequest, signal: AbortSignal): Promise<Exchange> {
    const hash = requestHash(this.provider.endpoint, request);
    const cached = this.cache?.read(hash);
    if (cached !== undefined) return { hash, cached: true, request, response: cached };
    if (this.p.cache === "offline") {
      throw new Error(`cache is "offline" and holds no response for request ${hash} (in ${this.cache!.folder}); run once with cache "read-write" to fill it`);
    }
    return this.limit.run(async () => {
      this.spend();
      const response = await this.provider.complete(request, signal);
      const usage = (response as { usage?: { total_tokens?: unknown } }).usage?.total_tokens;
      if (typeof usage === "number") this.tokens += usage;
      this.cache?.write(hash, this.provider.endpoint, request, response);
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
