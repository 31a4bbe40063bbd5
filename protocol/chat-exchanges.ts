/**
 * Chat exchanges: the requests a node sent to a chat-completions model and the raw responses, as a
 * port value. A kind that outputs them declares its values with this shape (nodes/llm/exchange.ts),
 * and the step inspector recognises the shape in a traced value, whatever the kind or port, and
 * shows each exchange's messages and answers as text.
 */
import { tracedMarker, type TracedText, type TracedValue } from "./traced-values.js";

/** One request and its raw response, as a node outputs it (the key is never in it). */
export interface ChatExchange {
  /** The cache key of the request. */
  hash: string;
  /** Answered from the node's cache, not sent. */
  cached: boolean;
  request: { model: string; messages: readonly { role: string; content: string }[] };
  response: unknown;
  /** Sent, not cached: milliseconds from sending the request to its reply read whole, every retry and back-off included. */
  ms?: number;
  /** Sent, not cached: the HTTP requests it took, 1 plus the client's retries (429, 5xx, a connection error, a reply cut off). */
  tries?: number;
  /** What the node made of each answer, in the order of the response's choices. */
  reads?: AnswerRead[];
  /** Why the request got no usable answer (the node's error); `response` is then the raw reply, or null where none came. */
  error?: string;
}

/** An answer as the node read it: what it took it for (an action's label, a score), or why it could not (`read` null). */
export interface AnswerRead {
  read: string | null;
  error: string | null;
}

/** A text as the trace holds it: whole, or its first characters when longer than the trace keeps. */
export type TracedString = string | TracedText;

/** One exchange as the step inspector shows it. */
export interface ChatExchangeReading {
  cached: boolean | null;
  model: string | null;
  /** The tokens the server counted for the request (its usage), where it said. */
  tokens: number | null;
  /** ChatExchange.error: why the request got no usable answer. */
  error: string | null;
  /** ChatExchange.ms and .tries, where the exchange was sent. */
  ms: number | null;
  tries: number | null;
  messages: { role: string; text: TracedString }[];
  /**
   * The response's choices; empty where it held none as a chat completion does (then `raw` is the
   * response). `logp`: the answer's summed token log-probs, where the server sent them and the trace kept them all.
   */
  answers: { text: TracedString; finishReason: string | null; logp: number | null; read: AnswerRead | null }[];
  raw: TracedValue | undefined;
}

/** A traced port value read as chat exchanges (`total`: how many there were, where the trace kept only the first), or undefined if it is not one. */
export function chatExchangesOf(value: TracedValue | undefined): { exchanges: ChatExchangeReading[]; total: number } | undefined {
  const marker = tracedMarker(value);
  const items = marker && "$summary" in marker && marker.$summary === "array" ? marker.head : value;
  if (!Array.isArray(items) || items.length === 0) return undefined;
  const exchanges: ChatExchangeReading[] = [];
  for (const item of items) {
    const reading = readExchange(item);
    if (!reading) return undefined;
    exchanges.push(reading);
  }
  return { exchanges, total: marker && "$summary" in marker ? marker.length : exchanges.length };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isTracedString(value: unknown): value is TracedString {
  return typeof value === "string" || (isRecord(value) && value.$summary === "text" && typeof value.head === "string");
}

function readExchange(item: unknown): ChatExchangeReading | undefined {
  if (!isRecord(item) || !("response" in item) || !isRecord(item.request)) return undefined;
  const messages = item.request.messages;
  if (!Array.isArray(messages)) return undefined;
  const read: ChatExchangeReading["messages"] = [];
  for (const message of messages) {
    if (!isRecord(message) || typeof message.role !== "string" || !isTracedString(message.content)) return undefined;
    read.push({ role: message.role, text: message.content });
  }
  const choices = isRecord(item.response) && Array.isArray(item.response.choices) ? item.response.choices : [];
  const reads = Array.isArray(item.reads) ? item.reads : [];
  const answers = choices.flatMap((choice: unknown, index: number) => {
    const content = isRecord(choice) && isRecord(choice.message) ? choice.message.content : undefined;
    if (!isTracedString(content)) return [];
    const finishReason = isRecord(choice) && typeof choice.finish_reason === "string" ? choice.finish_reason : null;
    return [{ text: content, finishReason, logp: summedLogp(choice), read: answerRead(reads[index]) }];
  });
  const usage = isRecord(item.response) && isRecord(item.response.usage) ? item.response.usage.total_tokens : undefined;
  return {
    cached: typeof item.cached === "boolean" ? item.cached : null,
    model: typeof item.request.model === "string" ? item.request.model : null,
    tokens: typeof usage === "number" ? usage : null,
    error: typeof item.error === "string" ? item.error : null,
    ms: typeof item.ms === "number" ? item.ms : null,
    tries: typeof item.tries === "number" ? item.tries : null,
    messages: read,
    answers,
    raw: answers.length === 0 && item.response !== null ? (item.response as TracedValue) : undefined,
  };
}

function answerRead(value: unknown): AnswerRead | null {
  if (!isRecord(value)) return null;
  const read = typeof value.read === "string" ? value.read : null;
  const error = typeof value.error === "string" ? value.error : null;
  return read === null && error === null ? null : { read, error };
}

/**
 * A chat completion choice's summed token log-probs (`logprobs.content[].logprob`): the LLM nodes'
 * answer log-prob, and the step inspector's. Null without them, or where a trace cut the list short.
 */
export function summedLogp(choice: unknown): number | null {
  const tokens = isRecord(choice) && isRecord(choice.logprobs) ? choice.logprobs.content : undefined;
  if (!Array.isArray(tokens) || tokens.length === 0) return null;
  let sum = 0;
  for (const token of tokens) {
    if (!isRecord(token) || typeof token.logprob !== "number") return null;
    sum += token.logprob;
  }
  return sum;
}
