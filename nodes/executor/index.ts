import { z } from "zod";
import { Column } from "../../runtime/candidate-table.js";
import { isPromiseLike } from "../../runtime/maybe-promise.js";
import { defineNodeKind } from "../../runtime/node-kind.js";
import { act, endWithoutActing } from "./act.js";
import { compileScore, scoreSyntaxError } from "./score.js";
import { scoreFunctions, scoreNames } from "./score-names.js";
import { selectRow } from "./selection.js";

/** The executor's params: how a candidate is chosen and how long it is acted on. */
export const executorParams = z.object({
  select: z
    .enum(["argmax", "softmax", "epsilon-greedy"])
    .default("argmax")
    .describe("argmax takes the best score; softmax draws ∝ exp(score/T); epsilon-greedy takes a random candidate with probability ε"),
  score: z
    .string()
    .min(1)
    .superRefine((expression, ctx) => {
      const error = scoreSyntaxError(expression);
      if (error) ctx.addIssue({ code: "custom", message: error });
    })
    .default("q")
    .describe('A column name or an expression over columns, e.g. "q - 2*risk" (true/false count as 1/0)'),
  // usedWhen: the editor shows a param only while its siblings have these values.
  temperature: z.number().positive().meta({ usedWhen: { select: "softmax" } }).default(1).describe("Softmax temperature over scores (softmax only)"),
  epsilon: z.number().min(0).max(1).meta({ usedWhen: { select: "epsilon-greedy" } }).default(0.1).describe("Probability of a uniformly random candidate (epsilon-greedy only)"),
  chunk: z
    .number()
    .int()
    .min(1)
    .max(64)
    .default(1)
    .describe("Environment steps per decision: the chosen action is repeated open-loop, stopping when the episode ends"),
});

/** The executor node: picks one unfiltered candidate and acts on the live environment. */
export const executorKind = defineNodeKind({
  kind: "executor",
  title: "Executor",
  description: "Chooses one candidate that survived filtering, by score, and executes it on the environment.",
  role: "executor",
  maxPerPipeline: 1,
  params: executorParams,
  inputs: {
    candidates: { type: "candidates", description: "Scored candidates; rows marked filtered are never chosen", required: true },
    environment: { type: "environment", description: "The live environment to act on", required: true },
  },
  outputs: {
    candidates: { type: "candidates", description: "The same candidates with a selected column" },
    decision: { type: "decision", description: "Which candidate was executed and by what rule" },
    transition: { type: "transition", description: "What acting did: (s, a, r, s', done)" },
  },
  columns: [{ name: Column.selected, label: "selected", format: "boolean", marks: "chosen", description: "The candidate the executor acted on." }],
  // A score that is exactly a column's name reads that column, even one an expression would split ("q-value").
  columnReferences: (params) => [{ path: ["score"], columns: scoreNames(params.score).columns, whole: params.score }],
  check(params) {
    const unknown = scoreNames(params.score).functions.filter((name) => !scoreFunctions.includes(name));
    if (unknown.length === 0) return [];
    return [{ path: ["score"], message: `score "${params.score}" calls ${unknown.map((name) => `${name}()`).join(", ")}; the functions a score may call: ${scoreFunctions.join(", ")}` }];
  },
  create(params) {
    const scoreRows = compileScore(params.score);
    return {
      run({ candidates, environment }, ctx) {
        const eligible = candidates.keptIndices();
        if (eligible.length === 0) {
          return {
            candidates: candidates.withColumn(Column.selected, candidates.actions.map(() => false)),
            decision: { index: -1, action: null, rule: "no candidate left after filtering; episode ended" },
            transition: endWithoutActing(environment, "every candidate was filtered"),
          };
        }
        // A lone candidate is taken whatever its score: there is nothing to rank it against, and it may have
        // none (the risk filter's safe default action, added after the scorers ran). Still drawn through
        // selectRow, so the random stream advances as it does for any step.
        const scores = eligible.length === 1 ? [0] : scoreRows(candidates, eligible);
        const { index, rule } = selectRow(eligible, scores, params, ctx.rng);
        const action = candidates.actions[index]!;
        const selected = candidates.withColumn(Column.selected, candidates.actions.map((_, i) => i === index));
        const acted = act(environment, action, params.chunk);
        // A lockstep lane's step may come back later, with the other lanes' (Environment.stepSoon); a step done at once needs no closure.
        if (!isPromiseLike(acted)) return { candidates: selected, decision: { index, action, rule }, transition: acted };
        return Promise.resolve(acted).then((transition) => ({ candidates: selected, decision: { index, action, rule }, transition }));
      },
    };
  },
});
