import type { ChatHistoryItem, Token } from "node-llama-cpp";
import type { ChatRequest } from "../exchange.js";
import type { EmbeddedModel } from "./llama-runtime.js";

/** One token of an answer, as chat-completions servers report log-probs. */
interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: null;
  top_logprobs: [];
}

/** One answer: its text, why it ended and its tokens' log-probs. */
interface Choice {
  index: number;
  message: { role: "assistant"; content: string };
  logprobs: { content: TokenLogprob[] } | null;
  finish_reason: "stop" | "length";
}

/** The answer to a request as a chat-completions response body, so the cache, the trace and the nodes read it as a server's. */
export interface EmbeddedResponse {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: Choice[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/**
 * Answers `request` with the model: its messages formatted by the model's own chat template, then
 * `n` answers sampled with seeds seed, seed+1, … (the same request gives the same answers), each
 * ending at an end-of-generation token, a stop string (cut off, as servers do) or max_tokens, and
 * decoded under the request's grammar when it has one.
 * The prompt is evaluated once; each answer starts from its last token, so every answer is computed
 * the same way whichever its place.
 */
export async function generate(engine: EmbeddedModel, request: ChatRequest, signal: AbortSignal): Promise<EmbeddedResponse> {
  const { model, context, sequence, chatWrapper } = engine;
  const chatHistory: ChatHistoryItem[] = [
    ...request.messages.map((m): ChatHistoryItem => (m.role === "system" ? { type: "system", text: m.content } : { type: "user", text: m.content })),
    { type: "model", response: [] },
  ];
  const state = chatWrapper.generateContextState({ chatHistory });
  const prompt = state.contextText.tokenize(model.tokenizer);
  if (prompt.length + request.max_tokens > context.contextSize) {
    throw new Error(
      `the prompt's ${prompt.length} tokens and max_tokens ${request.max_tokens} exceed the context of ${context.contextSize} tokens (param contextSize, at most the model's ${model.trainContextSize})`,
    );
  }
  // The template's own end-of-turn text (where it is text, not an end-of-generation token) ends an answer like a stop string.
  const templateStops = state.stopGenerationTriggers.flatMap((trigger) => (trigger.values.every((v) => typeof v === "string") ? [trigger.values.join("")] : []));
  const stops = [...(request.stop ?? []), ...templateStops].filter((s) => s.length > 0);

  await sequence.clearHistory();
  await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(0, -1));
  const last = prompt[prompt.length - 1]!;
  const choices: Choice[] = [];
  let completionTokens = 0;
  for (let index = 0; index < request.n; index++) {
    signal.throwIfAborted();
    await sequence.eraseContextTokenRanges([{ start: prompt.length - 1, end: sequence.nextTokenIndex }]);
    const tokens: Token[] = [];
    const logprobs: number[] = [];
    let text = "";
    let cutAt: number | undefined;
    let finish: Choice["finish_reason"] | undefined;
    const grammarEvaluationState = request.grammar === undefined ? undefined : await engine.grammarState(request.grammar);
    const options = { temperature: request.temperature, seed: request.seed + index, ...(grammarEvaluationState ? { grammarEvaluationState } : {}) };
    for await (const next of sequence.evaluateWithMetadata([last], { confidence: true }, options)) {
      signal.throwIfAborted();
      tokens.push(next.token);
      logprobs.push(Math.log(next.confidence));
      text = model.detokenize(tokens);
      cutAt = firstStop(text, stops);
      if (cutAt !== undefined) {
        text = text.slice(0, cutAt);
        finish = "stop";
        break;
      }
      if (tokens.length >= request.max_tokens) {
        finish = "length";
        break;
      }
    }
    // The loop ran out by itself: the model generated its end-of-generation token.
    finish ??= "stop";
    completionTokens += tokens.length;
    choices.push({
      index,
      message: { role: "assistant", content: text },
      logprobs: request.logprobs ? { content: tokenLogprobs(engine, tokens, logprobs, cutAt) } : null,
      finish_reason: finish,
    });
  }
  return {
    // Fixed fields (no clock, no counter): the same request gives a byte-identical response.
    id: `embedded-${request.seed}`,
    object: "chat.completion",
    created: 0,
    model: request.model,
    choices,
    usage: { prompt_tokens: prompt.length, completion_tokens: completionTokens, total_tokens: prompt.length + completionTokens },
  };
}

/** Where the first stop string starts in `text`, or undefined. */
function firstStop(text: string, stops: readonly string[]): number | undefined {
  let first: number | undefined;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0 && (first === undefined || at < first)) first = at;
  }
  return first;
}

/**
 * The log-probs of the tokens that made the answer's text (those of a cut-off stop string are dropped).
 * A token's log-prob is of the distribution it was sampled from (after temperature), as llama.cpp reports it.
 */
function tokenLogprobs(engine: EmbeddedModel, tokens: readonly Token[], logprobs: readonly number[], cutAt: number | undefined): TokenLogprob[] {
  const out: TokenLogprob[] = [];
  for (let i = 0; i < tokens.length; i++) {
    // A token that starts at or after the cut belongs to the stop string.
    if (cutAt !== undefined && engine.model.detokenize(tokens.slice(0, i)).length >= cutAt) break;
    out.push({ token: engine.model.detokenize([tokens[i]!]), logprob: logprobs[i]!, bytes: null, top_logprobs: [] });
  }
  return out;
}
