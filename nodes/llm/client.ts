import { isAbsolute, join } from "node:path";
import { nodeCounters, runCounterMemory } from "../../runtime/engine/run-counters.js";
import { RunCannotContinue, type RunCounters } from "../../runtime/node-kind.js";
import { requestHash, ResponseCache } from "./cache.js";
import { SharedConcurrencyLimit } from "./concurrency.js";
import { EmbeddedProvider } from "./embedded/embedded-provider.js";
import { ExchangeError, fewerAnswersThanAsked, FewerAnswersThanAsked, unusableReason, type ChatRequest, type Exchange } from "./exchange.js";
import { HttpProvider } from "./http-provider.js";
import type { LlmConnection } from "./params.js";
import { ExchangeFailed, type ChatProvider } from "./provider.js";

/** The node's run counters (RunCounters.slots): the client's, and the answers its node tallied (run-note.ts reads them). */
export const LlmSlot = { requests: 0, tokens: 1, inFlight: 2, onePerCompletion: 3, fromCache: 4, answers: 5, unusable: 6, unusableTold: 7, retries: 8 } as const;
const Slot = LlmSlot;

/**
 * An LLM node's access to its model: the provider its params name (a server, or a model embedded in
 * this process), in front of it the response cache, the run's request and token budget and a
 * concurrency limit. Budget and limit count on the node's run counters, so every copy of the node in
 * a run (lockstep lanes, worker threads) draws on one budget (docs/llm-nodes.md says what holds where).
 */
export class LlmClient {
  private readonly provider: ChatProvider;
  private readonly cache: ResponseCache | undefined;
  private readonly limit: SharedConcurrencyLimit;
  private readonly counters: RunCounters;

  constructor(
    private readonly p: LlmConnection,
    pipelineDir: string,
    private readonly nodeId: string,
    /** SetupContext.runCounters; a client made outside a run counts alone. */
    counters?: RunCounters,
  ) {
    this.provider = p.provider === "embedded" ? new EmbeddedProvider(p, pipelineDir, nodeId) : new HttpProvider(p);
    this.cache = p.cache === "off" ? undefined : new ResponseCache(isAbsolute(p.cacheDir) ? p.cacheDir : join(pipelineDir, p.cacheDir));
    this.counters = counters ?? nodeCounters(runCounterMemory(1), 0);
    this.limit = new SharedConcurrencyLimit(this.counters.slots, Slot.inFlight, p.concurrency);
  }

  /** Requests sent so far by every copy of this node in the run (cache hits excluded; a request the client retried counts once). */
  get requestsSent(): number {
    return Number(Atomics.load(this.counters.slots, Slot.requests));
  }

  /**
   * Whether a copy of this node in the run has switched to one request per completion (the policy's
   * requests "auto", once its server answered fewer than n): every copy then asks so.
   */
  get asksOnePerCompletion(): boolean {
    return Atomics.load(this.counters.slots, Slot.onePerCompletion) !== 0n;
  }

  /** Switches every copy of this node in the run to one request per completion; true for the one copy that switched first (it tells the user). */
  switchToOnePerCompletion(): boolean {
    return Atomics.compareExchange(this.counters.slots, Slot.onePerCompletion, 0n, 1n) === 0n;
  }

  /**
   * Counts a step's exchanges and the answers read from them, `unusable` of which the node could not
   * use (the run's end note tells the totals); true for the run's first unusable answer, whose copy tells where it was.
   */
  tally(exchanges: readonly Exchange[], answers: number, unusable: number): boolean {
    const { slots } = this.counters;
    Atomics.add(slots, Slot.fromCache, BigInt(exchanges.filter((e) => e.cached).length));
    Atomics.add(slots, Slot.answers, BigInt(answers));
    if (unusable === 0) return false;
    Atomics.add(slots, Slot.unusable, BigInt(unusable));
    return Atomics.compareExchange(slots, Slot.unusableTold, 0n, 1n) === 0n;
  }

  /** The cache's usable answer to `request`, sending nothing; undefined when it holds none. */
  cachedAnswer(request: ChatRequest): Exchange | undefined {
    const hash = requestHash(this.provider.endpoint, request);
    const cached = this.cache?.read(hash);
    return cached !== undefined && unusableReason(cached, request.n) === undefined ? { hash, cached: true, request, response: cached } : undefined;
  }

  /**
   * The response to `request`: from the cache when it holds a usable one, else from the provider.
   * Only a usable answer (`request.n` completions, each with its text: exchange.ts) is cached, so a
   * server's fault is never replayed once the server is fixed. Fewer answers than asked, each usable,
   * throw FewerAnswersThanAsked.
   */
  async complete(request: ChatRequest, signal: AbortSignal): Promise<Exchange> {
    const hash = requestHash(this.provider.endpoint, request);
    const cached = this.cache?.read(hash);
    if (cached !== undefined) {
      const unusable = unusableReason(cached, request.n);
      if (unusable === undefined) return { hash, cached: true, request, response: cached };
      // Written by an older Foresight, which cached whatever came: asked again below, unless offline.
      if (this.p.cache === "offline") {
        throw new Error(`the cached response to request ${hash} (in ${this.cache!.folder}) is unusable: ${unusable}; cache "offline" sends nothing: delete that file, or run once with cache "read-write" to ask again`);
      }
    } else if (this.p.cache === "offline") {
      throw new Error(`cache is "offline" and holds no response for request ${hash} (in ${this.cache!.folder}); run once with cache "read-write" to fill it`);
    }
    return this.limit.run(async () => {
      this.spend();
      const began = performance.now();
      let reply;
      try {
        reply = await this.provider.complete(request, signal);
      } catch (error) {
        if (!(error instanceof ExchangeFailed)) throw error;
        if (error.tries > 1) Atomics.add(this.counters.slots, Slot.retries, BigInt(error.tries - 1));
        // A refused key or no server at the address would fail every episode alike: with onNodeError "endEpisode", one
        // failed episode after another would send the same doomed requests (a budget's spent requests end the run so too).
        if (error.failsEveryTime) throw new RunCannotContinue(`node "${this.nodeId}": ${error.message}; every episode would fail alike, so the run cannot go on`, { cause: error });
        const timing = { ms: Math.round(performance.now() - began), tries: error.tries };
        throw new ExchangeError(error.message, { hash, cached: false, request, response: error.rawReply ?? null, ...timing }, { cause: error });
      }
      const timing = { ms: Math.round(performance.now() - began), tries: reply.tries };
      if (reply.tries > 1) Atomics.add(this.counters.slots, Slot.retries, BigInt(reply.tries - 1));
      const response = reply.body;
      const usage = (response as { usage?: { total_tokens?: unknown } } | null)?.usage?.total_tokens;
      if (typeof usage === "number" && Number.isFinite(usage) && usage > 0) Atomics.add(this.counters.slots, Slot.tokens, BigInt(Math.round(usage)));
      const unusable = unusableReason(response, request.n, request.max_tokens);
      if (unusable !== undefined) {
        const message = `${this.provider.endpoint} answered request ${hash} with ${unusable} (not cached: a rerun asks again)`;
        const answered = fewerAnswersThanAsked(response, request.n);
        const exchange: Exchange = { hash, cached: false, request, response, ...timing };
        throw answered === undefined ? new ExchangeError(message, exchange) : new FewerAnswersThanAsked(message, exchange, this.provider.endpoint, answered);
      }
      this.cache?.write(hash, this.provider.endpoint, request, response);
      return { hash, cached: false, request, response, ...timing };
    }, signal);
  }

  /**
   * The responses to `requests`, sent at once (within the concurrency limit). Every request is
   * awaited even when one fails; the first failure in request order is then thrown carrying the step's
   * exchanges, the answered ones too, so the trace keeps what was asked and paid for.
   */
  async completeAll(requests: readonly ChatRequest[], signal: AbortSignal): Promise<Exchange[]> {
    const settled = await Promise.allSettled(requests.map((request) => this.complete(request, signal)));
    const failure = settled.find((s) => s.status === "rejected");
    if (failure === undefined) return settled.map((s) => (s as PromiseFulfilledResult<Exchange>).value);
    const error: unknown = failure.reason;
    if (!(error instanceof ExchangeError) || requests.length === 1) throw error;
    throw error.ofStep(settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : s.reason instanceof ExchangeError ? [s.reason.exchange] : [])));
  }

  /** Counts one request against the budget, or refuses it, ending the run: a spent budget fails every later episode alike. */
  private spend(): void {
    const { slots, scope } = this.counters;
    const maxRequests = this.counters.partOf(this.p.maxRequests);
    const maxTokens = this.counters.partOf(this.p.maxTotalTokens);
    const what = (limit: string, max: number, part: number) => `${limit} ${max}${part < max ? `, of which ${scope} may use ${part}` : ""}`;
    const rerun = this.p.cache === "read-write" ? " (a rerun of the same seed gets the answers so far from the cache, free)" : "";
    const tokens = Atomics.load(slots, Slot.tokens);
    if (tokens >= BigInt(maxTokens)) {
      throw new RunCannotContinue(`LLM budget exceeded: node "${this.nodeId}" already used ${tokens} tokens ${scope} (${what("maxTotalTokens", this.p.maxTotalTokens, maxTokens)}); the run cannot go on: raise maxTotalTokens${rerun}`);
    }
    const sent = Atomics.add(slots, Slot.requests, 1n);
    if (sent >= BigInt(maxRequests)) {
      Atomics.sub(slots, Slot.requests, 1n);
      throw new RunCannotContinue(`LLM budget exceeded: node "${this.nodeId}" already sent ${sent} requests ${scope} (${what("maxRequests", this.p.maxRequests, maxRequests)}); the run cannot go on: raise maxRequests${rerun}`);
    }
  }
}
