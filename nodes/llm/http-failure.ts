import type { LlmConnection } from "./params.js";
import { askedWaitMs, longestWaitMs, type FailedTry } from "./retry-policy.js";
import { NotServerSentEvents, ReplyCutOff } from "./whole-reply-fetch.js";

/** The `openai` module's error classes (the module loads lazily: http-provider.ts). */
export type ClientErrors = Pick<typeof import("openai"), "APIError" | "APIConnectionError" | "APIConnectionTimeoutError">;

/** Sent as the key when the variable apiKeyEnv names is unset or empty (docs/llm-nodes.md). */
export const PLACEHOLDER_KEY = "no-key";

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

/** A client error as the retry policy reads it. */
export function failedTry(error: unknown, errors: ClientErrors): FailedTry | undefined {
  if (error instanceof errors.APIConnectionError) return error.cause instanceof NotServerSentEvents ? undefined : { status: undefined, headers: undefined };
  // APIError without a status: the request was aborted (a Stop), or the client refused it before sending.
  if (error instanceof errors.APIError && error.status !== undefined) return { status: error.status, headers: error.headers };
  return undefined;
}

/** The system's reason for a connection error (ECONNREFUSED, ENOTFOUND), where the client's error carries one. */
function connectionReason(error: Error): string | undefined {
  // The client says only "Connection error."; the reason is in its cause (fetch's own refusals, such
  // as a port browsers block, say "bad port" there instead of a code).
  const cause = (error as { cause?: { code?: unknown; cause?: { code?: unknown; message?: unknown } } }).cause;
  const reason = cause?.code ?? cause?.cause?.code ?? cause?.cause?.message;
  return typeof reason === "string" ? reason : undefined;
}

/**
 * Whether the same request, or any other of the run, would fail alike: a refused key (401, 403), a
 * base URL or model the server does not have (404), no server at the address or no such host (after
 * the retries), a server that ignores `stream`. A run that met one cannot go on (client.ts).
 */
export function failsEveryTime(error: unknown, errors: ClientErrors): boolean {
  if (error instanceof errors.APIConnectionError) {
    if (error.cause instanceof NotServerSentEvents) return true;
    const reason = connectionReason(error);
    return reason === "ECONNREFUSED" || reason === "ENOTFOUND";
  }
  return error instanceof errors.APIError && (error.status === 401 || error.status === 403 || error.status === 404);
}

/** An error from the client as one line, after `tries` HTTP requests; never includes headers (which carry the key). */
export function describeFailure(error: unknown, p: LlmConnection, tries: number, errors: ClientErrors): string {
  const triesNote = tries > 1 ? ` (${tries} tries)` : "";
  if (error instanceof errors.APIConnectionTimeoutError) return `no complete answer within timeoutMs ${p.timeoutMs}${triesNote}`;
  if (error instanceof errors.APIConnectionError && (error.cause instanceof ReplyCutOff || error.cause instanceof NotServerSentEvents)) return `${error.cause.message}${triesNote}`;
  if (error instanceof errors.APIConnectionError) {
    const reason = connectionReason(error);
    return `${error.message.replace(/\.$/, "")}${reason === undefined ? "" : ` (${reason})`}${triesNote}: is a server listening at ${p.baseUrl}?`;
  }
  if (error instanceof errors.APIError) {
    if (error.status === undefined) return error.message;
    // The client's message starts with the status already ("404 no route …").
    const message = error.message.startsWith(`${error.status} `) ? error.message.slice(`${error.status} `.length) : error.message;
    const hint = error.status === 404 ? NOT_FOUND_HINT : error.status === 401 || error.status === 403 ? keyHint(p.apiKeyEnv) : "";
    return `HTTP ${error.status}: ${message}${hint}${triesNote}${waitNote(error.headers, p)}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Where the server asked for a longer wait than a retry waits (retry-policy.ts): says so, and that a rerun later picks up. */
function waitNote(headers: Headers | undefined, p: LlmConnection): string {
  const asked = askedWaitMs(headers);
  if (asked === undefined || asked <= longestWaitMs(p)) return "";
  const kept = p.cache === "read-write" ? " (the cache keeps the answers so far)" : "";
  return `; the server asked to wait ${Math.round(asked / 1000)} s (Retry-After), longer than a retry waits (timeoutMs, at most 60 s): rerun later${kept}`;
}
