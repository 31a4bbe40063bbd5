import { z } from "zod";
import { Column, type CandidateTable } from "../../runtime/candidate-table.js";
import type { Environment } from "../../runtime/environment.js";
import { whenReady } from "../../runtime/maybe-promise.js";
import { defineNodeKind, type SetupContext, type StepContext } from "../../runtime/node-kind.js";
import { checkLlmScorer, createLlmScorerNode, JudgeColumn, llmParams } from "./llm.js";
import { createLogpScorer, logpParams } from "./logp.js";
import { checkOnnxScorer, createOnnxScorer, onnxParams } from "./onnx.js";
import { CemColumn } from "./cem-params.js";
import { checkOracleScorer, createOracleScorer, oracleParams } from "./oracle.js";
import type { QScorer } from "./scorer.js";
import { exchangesPort } from "../llm/exchange.js";
import { llmRunNote } from "../llm/run-note.js";

const params = z
  .discriminatedUnion("variant", [oracleParams, logpParams, onnxParams, llmParams])
  .describe("Where the scores come from; each variant is its own file.");

type QScorerParams = z.output<typeof params>;

function createScorer(p: Exclude<QScorerParams, { variant: "llm" }>, setup: SetupContext): QScorer | Promise<QScorer> {
  switch (p.variant) {
    case "oracle":
      return createOracleScorer();
    case "logp":
      return createLogpScorer();
    case "onnx":
      return createOnnxScorer(p, setup);
  }
}

const inputs = {
  candidates: { type: "candidates", description: "The candidate actions to score.", required: true },
  environment: {
    type: "environment",
    description: "The environment in the current state; the oracle reads its exact Q values, a model its encoded observation, an LLM its text.",
    required: (p: QScorerParams) => p.variant !== "logp",
  },
} as const;

const outputs = {
  candidates: { type: "candidates", description: "The candidates with a q column (and risk, when known)." },
  value: { type: "valueFunction", description: "The state value V(s) this scorer implies, for bootstrapping rollouts." },
} as const;

/** The LLM variant also hands on its requests and raw answers for the step inspector. */
const llmOutputs = {
  ...outputs,
  exchanges: exchangesPort,
} as const;

/** Adds a Q value (and, where known, a risk) to every candidate. */
export const qScorerKind = defineNodeKind({
  kind: "q-scorer",
  title: "Q-scorer",
  shortId: "q",
  description:
    "Scores every candidate action with an estimate of its value Q(s, a) (column q) and, when the scorer knows it, " +
    "its hazard probability (column risk). Also offers the matching state value V(s) for rollouts to bootstrap with.",
  params,
  inputs,
  // The palette shows every output (the LLM variant's too, so the editor can wire them); ports() narrows them per variant.
  outputs: llmOutputs,
  ports: (p: QScorerParams) => ({ inputs, outputs: p.variant === "llm" ? llmOutputs : outputs }),
  columns: [
    { name: Column.q, label: "Q", format: "number", chart: true, description: "The estimated value Q(s, a) of the candidate." },
    { name: Column.risk, label: "risk", format: "probability", description: "Probability that the action leads into a hazard (oracle variant)." },
    { name: CemColumn.round, label: "CEM round", format: "integer", description: "ONNX with CEM: the round that drew the candidate (0: the sampler's draws)." },
    { name: JudgeColumn.judge, label: "judge", format: "boolean", description: "LLM judge: the candidate the judge picked." },
    { name: JudgeColumn.scoreError, label: "score error", format: "text", description: "LLM: why the answer gave no score or pick (q is then 0)." },
  ],
  // The editor shows the base URL in the trust dialog before anything calls it.
  callsServer: (p: QScorerParams) => (p.variant === "llm" && p.provider === "http" ? p.baseUrl : undefined),
  runNote: (p, counters) => (p.variant === "llm" ? llmRunNote(counters, "answer", "held no usable score (those rows scored 0)") : undefined),
  check: (p, ctx) => (p.variant === "onnx" ? checkOnnxScorer(p, ctx) : p.variant === "llm" ? checkLlmScorer(p, ctx) : p.variant === "oracle" ? checkOracleScorer(ctx) : []),
  async create(p, setup) {
    if (p.variant === "llm") return createLlmScorerNode(p, setup) as never;
    const scorer = await createScorer(p, setup);
    // Made once, not a closure per step (every lockstep lane scores every step).
    const outputsOf = (scored: CandidateTable) => ({ candidates: scored, value: scorer.value });
    return {
      run({ candidates, environment }: { candidates: CandidateTable; environment: Environment | undefined }, ctx: StepContext) {
        return whenReady(scorer.score(candidates, environment, ctx.rng), outputsOf);
      },
      // Only the LLM variant's ports() offer exchanges, so nothing reads it from the others.
    } as never;
  },
});
