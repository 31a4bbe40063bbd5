import type { LlmConnection } from "./params.js";

/**
 * When an HTTP provider asks again after a failed try, and how long it waits first. Foresight retries
 * itself rather than through the `openai` client: the client's wait between tries is a timer nothing
 * can cut short, so a Stop would leave the process alive until it ran out, and it obeys any
 * Retry-After, so one 429 asking for an hour stalls the run silently for that hour.
 */

/** The longest wait a server may ask for before a retry: past it the request fails at once, saying so. */
export function longestWaitMs(p: LlmConnection): number {
  return Math.min(60_000, p.timeoutMs);
}

/** A failed try as the retry policy sees it: a status and its headers, or none where no reply came (a connection error, a timeout, a reply cut off). */
export interface FailedTry {
  status: number | undefined;
  headers: Headers | undefined;
}

/** Statuses asked again, as the openai client asks them: a request timeout, a lock, a rate limit, any server fault. */
function retriedStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Whether a try that failed so may succeed if asked again: a server's `x-should-retry` header overrides the status. */
export function isRetried(failed: FailedTry): boolean {
  if (failed.status === undefined) return true;
  const told = failed.headers?.get("x-should-retry");
  if (told === "true" || told === "false") return told === "true";
  return retriedStatus(failed.status);
}

/** The wait the server asked for, in ms (`retry-after-ms`, or Retry-After in seconds or as a date); undefined where it asked none. */
export function askedWaitMs(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const retryAfter = headers?.get("retry-after");
  if (!retryAfter) return undefined;
  const seconds = Number.parseFloat(retryAfter);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The back-off before retry `retry` (0 for the first) where the server asked no wait: 0.5 s doubling to at most 8 s, less up to a quarter (jitter), as the openai client waits. */
export function backoffMs(retry: number): number {
  return Math.min(0.5 * 2 ** retry, 8) * (1 - Math.random() * 0.25) * 1000;
}
