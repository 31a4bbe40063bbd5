import { summedLogp, type ChatExchange } from "../../protocol/chat-exchanges.js";
import type { JsonValue } from "../../runtime/environment.js";
import { FailedWithOutputs } from "../../runtime/node-kind.js";

/** One chat message of a request. */
export interface ChatMessage {
  role: "system" | "user";
  content: string;
}

/** The body of a chat-completions request as Foresight sends it (the key travels in a header, never here). */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  n: number;
  temperature: number;
  max_tokens: number;
  stop?: string[];
  logprobs: boolean;
  seed: number;
  /**
   * A GBNF grammar every answer must follow (the policy's `constrain: "actions"`): the embedded provider
   * and llama.cpp's server decode under it; other servers ignore the field.
   */
  grammar?: string;
}

/** One completion of a response, as the nodes read it. */
export interface Completion {
  text: string;
  /** Sum of the token log-probs, when the server returned them; null otherwise. */
  logp: number | null;
  finishReason: string | null;
}

/**
 * One request and its answer, as the node's `exchanges` output traces it: the protocol's chat
 * exchange, which the step inspector shows as the prompt's messages and the answers. Holds no key
 * (the request body never does).
 */
export interface Exchange extends ChatExchange {
  request: ChatRequest;
}

/**
 * Why a response body is no usable answer to a request for `asked` completions — no choices array
 * (an HTML error page, a proxy's reply), fewer choices than asked (a server that ignores `n`), a
 * choice without text — or undefined when it is one. Only usable answers are cached (client.ts).
 * `maxTokens`, the request's, is named where an answer was cut before its text began.
 */
export function unusableReason(response: unknown, asked: number, maxTokens?: number): string | undefined {
  const choices = (response as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices)) return `a reply that is not a chat completion: it has no choices array (it began: ${beginning(response)})`;
  if (choices.length === 0) return `no answers (an empty choices array) where ${asked} ${asked === 1 ? "was" : "were"} asked for`;
  // A choice without text first: fewer answers, each usable, is the one fault requests "auto" mends, and its reason says so.
  const empty = choices.findIndex((choice: unknown) => typeof (choice as { message?: { content?: unknown } } | null)?.message?.content !== "string");
  if (empty >= 0) {
    // A reasoning model whose thinking used every token (vLLM's reasoning parser then leaves content null) stopped for "length".
    if ((choices[empty] as { finish_reason?: unknown } | null)?.finish_reason === "length") {
      return `choice ${empty} without message content: the answer was cut at maxTokens${maxTokens === undefined ? "" : ` (${maxTokens})`} before any of it came (a reasoning model's thinking may have used them all): raise maxTokens`;
    }
    return `choice ${empty} without message content (null content: a refusal or a tool call?)`;
  }
  if (choices.length < asked) {
    return `${choices.length} ${choices.length === 1 ? "answer" : "answers"} where ${asked} were asked for (n = ${asked}): a server that ignores n, as llama.cpp's does, needs the param requests: "auto" (the default; it then asks one request per completion) or "one-per-completion"`;
  }
  return undefined;
}

/**
 * The number of answers in a reply that would be usable but holds fewer than `asked`, at least one
 * (a server that ignores `n`); undefined for any other reply, usable or not.
 */
export function fewerAnswersThanAsked(response: unknown, asked: number): number | undefined {
  const choices = (response as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices) || choices.length === 0 || choices.length >= asked) return undefined;
  return unusableReason(response, choices.length) === undefined ? choices.length : undefined;
}

/**
 * A request that got no usable answer: the node's error, carrying the exchange as the `exchanges`
 * output would have held it, with its `error` (the raw reply as `response`), so the trace keeps what
 * was asked and what came back.
 */
export class ExchangeError extends FailedWithOutputs {
  /** The exchange that failed, its `error` set. */
  readonly exchange: Exchange;

  constructor(message: string, exchange: Exchange, options?: ErrorOptions) {
    const failed = { ...exchange, error: message };
    super(message, { exchanges: exchangesJson([failed]) }, options);
    this.exchange = failed;
  }

  /** This failure as its step's error, carrying every exchange of the step (those answered too, in request order). */
  ofStep(exchanges: readonly Exchange[]): FailedWithOutputs {
    return new FailedWithOutputs(this.message, { exchanges: exchangesJson(exchanges) }, { cause: this });
  }
}

/** A server's reply of fewer answers than asked, each usable (fewerAnswersThanAsked): requests "auto" then asks one request per completion. */
export class FewerAnswersThanAsked extends ExchangeError {
  constructor(
    message: string,
    exchange: Exchange,
    readonly endpoint: string,
    readonly answered: number,
  ) {
    super(message, exchange);
  }
}

function beginning(response: unknown): string {
  return quotedStart(typeof response === "string" ? response : JSON.stringify(response) ?? String(response));
}

/** A model's or server's text for a message: quoted, its first 80 characters. */
export function quotedStart(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/** The completions of a usable chat-completions response body (unusableReason); throws saying why one is not. */
export function completionsOf(response: unknown, asked: number): Completion[] {
  const unusable = unusableReason(response, asked);
  if (unusable !== undefined) throw new Error(`the server answered with ${unusable}`);
  const choices = (response as { choices: unknown[] }).choices;
  return choices.map((choice: unknown) => {
    const c = choice as { message: { content: string }; finish_reason?: unknown };
    return { text: c.message.content, logp: summedLogp(choice), finishReason: typeof c.finish_reason === "string" ? c.finish_reason : null };
  });
}

/**
 * A read of an answer that failed where the answer stopped at the token limit (finish_reason
 * "length") says so: what it was to say may lie past the cut.
 */
export function withCutNote<R extends { error: string | null }>(read: R, answer: Completion, maxTokens: number): R {
  if (read.error === null || answer.finishReason !== "length") return read;
  return { ...read, error: `${read.error} (the answer was cut at maxTokens (${maxTokens}) before it ended: raise maxTokens)` };
}

/** Exchanges as a JSON port value. */
export function exchangesJson(exchanges: readonly Exchange[]): JsonValue {
  return JSON.parse(JSON.stringify(exchanges)) as JsonValue;
}

/** The output port both LLM variants add: every request and raw answer of the step, for the step inspector. */
export const exchangesPort = {
  type: "json",
  description: "Every request and raw response of the step (never the key), for the step inspector",
} as const;
