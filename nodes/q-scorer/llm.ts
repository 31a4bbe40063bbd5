import { z } from "zod";
import { Column, type CandidateTable } from "../../runtime/candidate-table.js";
import type { Environment } from "../../runtime/environment.js";
import type { CheckContext, ParamProblem, SetupContext, StepContext } from "../../runtime/node-kind.js";
import type { ValueFunction } from "../../runtime/ports.js";
import { LlmClient } from "../llm/client.js";
import { connectionProblems } from "../llm/connection-check.js";
import { completionsOf, exchangesJson, quotedStart, withCutNote, type ChatMessage, type ChatRequest, type Completion, type Exchange } from "../llm/exchange.js";
import { llmConnectionParams } from "../llm/params.js";
import { promptTemplate, scorerFields, stateFieldValues } from "../llm/prompt-fields.js";
import { fillTemplate, promptProblems } from "../llm/template.js";
import { readPick, readScore } from "./llm-answer-readers.js";

/** Columns the LLM scorer adds besides q. */
export const JudgeColumn = { judge: "judge", scoreError: "score_error" } as const;

/** Params of the LLM Q-scorer / judge. */
export const llmParams = z
  .object({
    variant: z.literal("llm").describe("A language model scores or judges the candidates"),
    ...llmConnectionParams,
    // The same key as the connection's, so the field keeps its place; the scorer's prompts know more placeholders.
    system: z.string().meta(promptTemplate(scorerFields)).default("").describe("System prompt template (the prompt's placeholders, see docs/llm-nodes.md); empty sends no system message"),
    temperature: z.number().min(0).max(2).default(0).describe("Sampling temperature sent to the server (0: the model's best guess)"),
    mode: z
      .enum(["score", "judge"])
      .default("score")
      .describe("score: one request per distinct action of the candidates not filtered, q = the number 0–1 it answers (filtered rows: no q); judge: one request listing the candidates, the pick gets judge = true and q = 1, the others q = 0 (GTA1)"),
    prompt: z
      .string()
      .min(1)
      .meta(promptTemplate(scorerFields))
      .default(
        "State:\n{{observation}}\nProposed action: {{action}}\nHow good is this action, from 0 (bad) to 1 (best)? Answer with the number only.",
      )
      .describe("User prompt template: the state's placeholders, {{action}} (score mode) and {{candidates}} (a numbered list; judge mode)"),
  })
  .describe("LLM: scores each candidate 0–1 from a prompt, or judges which one to take");

export type LlmScorerParams = z.output<typeof llmParams>;

const placeholders = Object.keys(scorerFields);

/** Unknown placeholders and braces that are no placeholder, and an embedded model's file that is no GGUF model, found before any run. */
export function checkLlmScorer(p: LlmScorerParams, ctx: CheckContext): ParamProblem[] {
  return [...promptProblems(p, ["system", "prompt"], placeholders), ...connectionProblems(p, ctx.pipelineDir)];
}

const noStateValue: ValueFunction = {
  name: "LLM scorer (no state value)",
  values() {
    throw new Error("the LLM Q-scorer has no state value V(s): its scores rank actions but are not returns; connect an oracle or model-based Q-scorer's value instead");
  },
};

/** Scores or judges a step's candidates; every request/answer goes to the `exchanges` output. */
export function createLlmScorerNode(p: LlmScorerParams, setup: SetupContext) {
  const client = new LlmClient(p, setup.pipelineDir, setup.nodeId, setup.runCounters);
  return {
    async run({ candidates, environment }: { candidates: CandidateTable; environment: Environment | undefined }, ctx: StepContext) {
      if (!environment) throw new Error(`the LLM Q-scorer needs its environment input connected (its prompt shows the state)`);
      const labels = candidates.actions.map((a) => describe(environment, a));
      // Rows filtered upstream (the policy's parse errors) are never shown nor asked about: they name no
      // action, and asking would spend requests on them. Their q stays empty.
      const kept = candidates.keptIndices();
      const fields = {
        ...stateFieldValues(environment, ctx.episode, ctx.step),
        candidates: kept.map((row, i) => `${i + 1}. ${labels[row]}`).join("\n"),
      };
      const seed = ctx.rng.int(2 ** 31 - 1);
      const messagesFor = (action: string): ChatMessage[] => [
        ...(p.system.length > 0 ? [{ role: "system" as const, content: fillTemplate(p.system, { ...fields, action }, "system prompt") }] : []),
        { role: "user" as const, content: fillTemplate(p.prompt, { ...fields, action }, "prompt") },
      ];
      const request = (messages: ChatMessage[]): ChatRequest => ({
        model: p.model,
        messages,
        n: 1,
        temperature: p.temperature,
        max_tokens: p.maxTokens,
        ...(p.stop.length > 0 ? { stop: p.stop } : {}),
        logprobs: false,
        seed,
      });
      if (p.mode === "score") {
        // Rows of one action ask one request, byte-identical otherwise: its answer scores them all, so
        // they rank alike and a rerun finds it in the cache.
        const asked = [...new Set(kept.map((i) => labels[i]!))];
        const exchanges = await client.completeAll(asked.map((label) => request(messagesFor(label))), ctx.signal);
        const answers = exchanges.map((e) => answerOf(e));
        const read = answers.map((answer) => withCutNote(readScore(answer.text), answer, p.maxTokens));
        // No score at all leaves the executor to take the first row by q = 0 for every row: a choice the
        // scorer did not make, which the figures would credit to it. Some scores missing still rank the rest.
        const failures = read.flatMap((r, i) => (r.score === null ? [i] : []));
        if (client.tally(exchanges, read.length, failures.length) && failures.length < read.length) {
          const first = failures[0]!;
          setup.log(`episode ${ctx.episode}, step ${ctx.step}: the answer for "${asked[first]}" held no usable score (${read[first]!.error}); such rows score 0, and the run's end counts them`);
        }
        if (read.length > 0 && read.every((r) => r.score === null)) {
          throw new Error(`none of the ${read.length} answers held a usable score (the first, for "${asked[0]}": ${read[0]!.error}; it said ${quotedStart(answers[0]!.text)}); the prompt must ask for one number from 0 to 1`);
        }
        const readOfLabel = new Map(asked.map((label, i) => [label, read[i]!]));
        const isKept = new Set(kept);
        const rowRead = labels.map((label, row) => (isKept.has(row) ? readOfLabel.get(label) : undefined));
        return {
          candidates: candidates
            .withColumn(Column.q, rowRead.map((r) => (r === undefined ? null : (r.score ?? 0))))
            .withColumn(JudgeColumn.scoreError, rowRead.map((r) => r?.error ?? null)),
          value: noStateValue,
          exchanges: exchangesJson(exchanges.map((e, i) => ({ ...e, reads: [{ read: read[i]!.score === null ? null : `q ${read[i]!.score}`, error: read[i]!.error }] }))),
        };
      }
      if (kept.length === 0) {
        const none = labels.map(() => null);
        return { candidates: candidates.withColumn(Column.q, none).withColumn(JudgeColumn.judge, labels.map(() => false)).withColumn(JudgeColumn.scoreError, none), value: noStateValue, exchanges: exchangesJson([]) };
      }
      const exchange = await client.complete(request(messagesFor("")), ctx.signal);
      const answer = answerOf(exchange);
      client.tally([exchange], 1, 0);
      const pick = readPick(answer.text, kept.length);
      // As in score mode: with no pick every row has q 0, and the executor would take row 0 as if judged.
      if (pick.error !== null) throw new Error(`the judge's answer picked no candidate (${withCutNote(pick, answer, p.maxTokens).error}; it said ${quotedStart(answer.text)}); the prompt must ask for one candidate's number`);
      const chosen = kept[pick.index];
      const isKept = new Set(kept);
      return {
        candidates: candidates
          .withColumn(Column.q, labels.map((_, row) => (row === chosen ? 1 : isKept.has(row) ? 0 : null)))
          .withColumn(JudgeColumn.judge, labels.map((_, row) => row === chosen))
          .withColumn(JudgeColumn.scoreError, labels.map(() => pick.error)),
        value: noStateValue,
        exchanges: exchangesJson([{ ...exchange, reads: [{ read: `candidate ${pick.index + 1}`, error: null }] }]),
      };
    },
  };
}

function describe(environment: Environment, action: CandidateTable["actions"][number]): string {
  try {
    return environment.describeAction(action);
  } catch {
    // A row the policy could not parse holds no action (null); it is never asked about, but is labelled as it is.
    return typeof action === "string" ? action : JSON.stringify(action);
  }
}

function answerOf(exchange: Exchange): Completion {
  try {
    return completionsOf(exchange.response, 1)[0]!;
  } catch (error) {
    throw new Error(`${(error as Error).message} (request ${exchange.hash})`, { cause: error });
  }
}
