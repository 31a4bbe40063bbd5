import { counted, shownCount, shownPercent } from "../../protocol/shown-values.js";
import type { RunCounters } from "../../runtime/node-kind.js";
import { LlmSlot } from "./client.js";

/**
 * An LLM node's run in one line (NodeKind.runNote): the requests it sent and the tokens the server
 * counted, the answers the cache gave, and how many answers the node could not use, e.g.
 * `412 requests sent (430 HTTP requests with 18 retries; 98,311 tokens), 88 answered from the cache; 37 of 2,000 completions (1.9 %) named no action (filtered rows)`.
 */
export function llmRunNote(counters: RunCounters, answer: string, unusable: string): string | undefined {
  const read = (slot: number) => Number(Atomics.load(counters.slots, slot));
  const [requests, tokens, fromCache, answers, unused, retries] = [LlmSlot.requests, LlmSlot.tokens, LlmSlot.fromCache, LlmSlot.answers, LlmSlot.unusable, LlmSlot.retries].map(read) as [number, number, number, number, number, number];
  if (requests + fromCache === 0) return undefined;
  // A retried request counts once against maxRequests; the HTTP requests the server saw are told beside it.
  const details = [retries > 0 ? `${shownCount(requests + retries)} HTTP requests with ${counted(retries, "retry", "retries")}` : null, tokens > 0 ? counted(tokens, "token") : null].filter(Boolean);
  const sent = `${counted(requests, "request")} sent${details.length > 0 ? ` (${details.join("; ")})` : ""}, ${shownCount(fromCache)} answered from the cache`;
  const failed = unused > 0 ? `; ${shownCount(unused)} of ${counted(answers, answer)} (${shownPercent(unused / answers)}) ${unusable}` : "";
  return `${counters.scope === "this run" ? "" : `in ${counters.scope}: `}${sent}${failed}`;
}
