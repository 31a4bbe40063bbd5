import { z } from "zod";
import { CandidateTable, Column } from "../../runtime/candidate-table.js";
import { actionKey, type Action, type Environment, type JsonValue } from "../../runtime/environment.js";
import type { CheckContext, NodeInstance, SetupContext, StepContext } from "../../runtime/node-kind.js";
import type { ActionDistribution, PolicyFunction } from "../../runtime/ports.js";
import { actionGrammar } from "../llm/action-grammar.js";
import { parseAction, type Parsed } from "../llm/action-parser.js";
import { LlmClient } from "../llm/client.js";
import { connectionProblems } from "../llm/connection-check.js";
import { completionsOf, exchangesJson, FewerAnswersThanAsked, withCutNote, type ChatMessage, type ChatRequest, type Completion, type Exchange } from "../llm/exchange.js";
import { llmConnectionParams } from "../llm/params.js";
import { promptTemplate, stateFields, stateFieldValues } from "../llm/prompt-fields.js";
import { fillTemplate, promptProblems } from "../llm/template.js";
import type { ParamProblem } from "../../runtime/node-kind.js";

/** Columns the LLM policy's `candidates` output adds besides logp, filtered and reason. */
export const LlmColumn = { text: Column.text, parseError: "parse_error" } as const;

/** Params of the LLM policy: the server, the prompts and how many completions to ask for. */
export const llmParams = z
  .object({
    variant: z.literal("llm").describe("A language model on an OpenAI-compatible chat-completions server"),
    ...llmConnectionParams,
    prompt: z
      .string()
      .min(1)
      .meta(promptTemplate(stateFields))
      .default("You act in {{environment}}.\nState:\n{{observation}}\nActions: {{actions}}\nAnswer with one line: Action: <one of the actions>")
      .describe("User prompt template ({{observation}}, {{observation_json}}, {{actions}}, {{environment}}, {{episode}}, {{step}})"),
    n: z.number().int().min(1).max(64).default(4).describe("Completions asked for per step (each one a proposal)"),
    requests: z
      .enum(["auto", "one-with-n", "one-per-completion"])
      .default("auto")
      .describe(
        "auto: one request with n until the server answers fewer than n (it ignores n, as llama.cpp's does), then, that step again and every later one, as one-per-completion (a note in the trace says so); one-with-n: one request with n (OpenAI, vLLM), fewer answers an error; one-per-completion: n concurrent requests with n = 1 and seeds seed…seed+n−1",
      ),
    logprobs: z.boolean().default(true).describe("Ask for token log-probs; a completion's logp is their sum when the server returns them"),
    constrain: z
      .enum(["none", "actions"])
      .default("none")
      .describe("actions: every answer is decoded under a grammar admitting only `Action: <an action of the state>` (the embedded provider and llama.cpp's server; small local models then always name a valid action)"),
  })
  .describe("LLM: n completions from a chat model, each parsed into an action (parse failures kept as filtered rows)");

export type LlmPolicyParams = z.output<typeof llmParams>;

/** Placeholders the policy's prompts may use. */
export const policyPlaceholders = Object.keys(stateFields);

/** Unknown placeholders and braces that are no placeholder, and an embedded model's file that is no GGUF model, found before any run. */
export function checkLlmPolicy(p: LlmPolicyParams, ctx: CheckContext): ParamProblem[] {
  return [...promptProblems(p, ["system", "prompt"], policyPlaceholders), ...connectionProblems(p, ctx.pipelineDir)];
}

type LlmPolicyOutputs = { distribution: ActionDistribution; policy: PolicyFunction; candidates: CandidateTable; exchanges: JsonValue };

/**
 * The LLM policy node. Its `distribution` holds the parsed proposals (what the sampler and
 * rollouts already consume), its `candidates` every completion as a row — the parse failures
 * filtered with their reason — ready for a Q-scorer or the executor, and `exchanges` the requests
 * and raw answers for the step inspector.
 */
export function createLlmPolicyNode(p: LlmPolicyParams, setup: SetupContext): NodeInstance<never, never> {
  const client = new LlmClient(p, setup.pipelineDir, setup.nodeId, setup.runCounters);
  const policy: PolicyFunction = {
    name: p.provider === "embedded" ? `llm(embedded ${p.model})` : `llm(${p.model} at ${p.baseUrl})`,
    distributions() {
      throw new Error("the LLM policy does not continue simulations (no prompt context for simulated states); continue rollouts by repeating the action or with another policy");
    },
  };
  /** Remembered for the run by every copy of the node (LlmClient.asksOnePerCompletion); the first copy to switch tells the user. */
  const switchToOnePerCompletion = (ctx: StepContext, why: string) => {
    if (!client.switchToOnePerCompletion()) return;
    setup.log(`requests "auto": ${why}; from episode ${ctx.episode}, step ${ctx.step} on, the run asks one request per completion (n = 1, seeds seed…seed+${p.n - 1}) as requests "one-per-completion" does (set that to spare the first request)`);
  };
  /**
   * The step's exchanges as `requests` says. "auto" asks one request with n until an answer holds
   * fewer completions than n, then asks this step again, and every later one, one request per
   * completion: the run plays as a "one-per-completion" run of its seed would.
   */
  const ask = async (withN: ChatRequest, perCompletion: ChatRequest[], ctx: StepContext): Promise<Exchange[]> => {
    const send = (requests: ChatRequest[]) => client.completeAll(requests, ctx.signal);
    if (p.requests === "one-with-n") return send([withN]);
    if (p.requests === "one-per-completion" || client.asksOnePerCompletion) return send(perCompletion);
    const cached = client.cachedAnswer(withN);
    if (cached !== undefined) return [cached];
    // A rerun of a run that switched finds the step's answers one per request in the cache: it plays from there, with the server gone too.
    if (p.n > 1 && perCompletion.every((r) => client.cachedAnswer(r) !== undefined)) {
      switchToOnePerCompletion(ctx, `the response cache holds the ${p.n} completions of episode ${ctx.episode}, step ${ctx.step} one per request (as a server that ignores n was asked), not one request with n = ${p.n}`);
      return send(perCompletion);
    }
    try {
      return [await client.complete(withN, ctx.signal)];
    } catch (error) {
      if (!(error instanceof FewerAnswersThanAsked)) throw error;
      switchToOnePerCompletion(ctx, `${error.endpoint} answered ${error.answered} of the ${p.n} completions asked for in one request (it ignores n, as llama.cpp's server does)`);
      return send(perCompletion);
    }
  };
  const instance = {
    async run({ environment }: { environment: Environment }, ctx: StepContext): Promise<LlmPolicyOutputs> {
      const fields = stateFieldValues(environment, ctx.episode, ctx.step);
      const messages: ChatMessage[] = [];
      if (p.system.length > 0) messages.push({ role: "system", content: fillTemplate(p.system, fields, "system prompt") });
      messages.push({ role: "user", content: fillTemplate(p.prompt, fields, "prompt") });
      // The seed comes from the node's seeded stream: a rerun of the same run seed sends the same requests, which the cache answers.
      const seed = ctx.rng.int(2 ** 31 - 1);
      const grammar = p.constrain === "actions" ? actionGrammar(environment) : undefined;
      if (p.constrain === "actions" && grammar === undefined) {
        throw new Error(`constrain "actions" needs the actions listed (a discrete space, or a text environment that lists its valid actions); ${environment.name}'s ${environment.actionSpace.kind} space lists none`);
      }
      const request = (n: number, s: number): ChatRequest => ({
        model: p.model,
        messages,
        n,
        temperature: p.temperature,
        max_tokens: p.maxTokens,
        ...(p.stop.length > 0 ? { stop: p.stop } : {}),
        logprobs: p.logprobs,
        seed: s,
        ...(grammar === undefined ? {} : { grammar }),
      });
      const exchanges = await ask(request(p.n, seed), Array.from({ length: p.n }, (_, i) => request(1, seed + i)), ctx);
      const perExchange = exchanges.map((exchange) => readCompletions(exchange));
      const completions = perExchange.flat();
      const parsed = completions.map((c) => withCutNote(parseAction(c.text, environment), c, p.maxTokens));
      const failures = parsed.flatMap((r, i) => (r.error === null ? [] : [i]));
      if (client.tally(exchanges, completions.length, failures.length)) {
        const first = failures[0]!;
        const which = failures.length === completions.length ? `none of the ${completions.length} completions named an action (the first: ${parsed[first]!.error})` : `completion ${first + 1} of ${completions.length} named no action (${parsed[first]!.error})`;
        setup.log(`episode ${ctx.episode}, step ${ctx.step}: ${which}; such rows are filtered (reason "parse error"), and the run's end counts them`);
      }
      return {
        ...proposals(completions, parsed),
        policy,
        exchanges: exchangesJson(withReads(exchanges, perExchange, parsed, environment)),
      };
    },
  };
  return instance as unknown as NodeInstance<never, never>;
}

function readCompletions(exchange: Exchange): Completion[] {
  try {
    return completionsOf(exchange.response, exchange.request.n);
  } catch (error) {
    throw new Error(`${(error as Error).message} (request ${exchange.hash})`, { cause: error });
  }
}

/** Each exchange with what the policy read from its answers: the action's label, or the parse error. */
function withReads(exchanges: readonly Exchange[], perExchange: readonly Completion[][], parsed: readonly Parsed[], environment: Environment): Exchange[] {
  let at = 0;
  return exchanges.map((exchange, i) => {
    const reads = parsed.slice(at, (at += perExchange[i]!.length)).map((r) => (r.action === null ? { read: null, error: r.error } : { read: environment.describeAction(r.action), error: null }));
    return { ...exchange, reads };
  });
}

/** The completions as a candidate table and as a proposals distribution over the parsed actions. */
function proposals(completions: readonly Completion[], parsed: readonly Parsed[]): { distribution: ActionDistribution; candidates: CandidateTable } {
  const uniform = Math.log(1 / Math.max(1, completions.length));
  const candidates = CandidateTable.of(
    // A row whose answer named no action has none (null), not its text (which `text` holds): a string where the
    // space's actions are integers would mislead a reader of the candidates dataset. Filtered, it is never acted on.
    parsed.map((r) => r.action ?? (null as unknown as Action)),
    {
      [Column.logp]: completions.map((c) => c.logp ?? uniform),
      [LlmColumn.text]: completions.map((c) => c.text),
      [LlmColumn.parseError]: parsed.map((r) => r.error),
      [Column.filtered]: parsed.map((r) => r.action === null),
      [Column.reason]: parsed.map((r) => (r.error === null ? null : `parse error: ${r.error}`)),
    },
  );
  // Equal actions merge: their probability is the sum over the texts naming them (log-sum-exp). A text
  // sampled twice is one outcome, its probability counted once, or the sum could pass 1; without
  // token log-probs each completion is 1/n of the draws instead, repeats included.
  const byKey = new Map<string, { action: Action; weights: Map<string | number, number> }>();
  parsed.forEach((r, i) => {
    if (r.action === null) return;
    const key = actionKey(r.action);
    const entry = byKey.get(key) ?? { action: r.action, weights: new Map() };
    const { text, logp } = completions[i]!;
    entry.weights.set(logp === null ? i : text, logp ?? uniform);
    byKey.set(key, entry);
  });
  // When nothing parsed the proposals are empty (a sampler fed from them says so); the candidates
  // output still holds every answer, filtered with its reason, so the executor ends the episode cleanly.
  const entries = [...byKey.values()];
  return { candidates, distribution: { kind: "proposals", actions: entries.map((e) => e.action), logp: entries.map((e) => logSumExp([...e.weights.values()])) } };
}

function logSumExp(values: readonly number[]): number {
  const max = Math.max(...values);
  return max + Math.log(values.reduce((sum, v) => sum + Math.exp(v - max), 0));
}
