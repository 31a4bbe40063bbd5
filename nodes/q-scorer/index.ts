import { z } from "zod";
import { Column } from "../../runtime/candidate-table.js";
import { whenReady } from "../../runtime/maybe-promise.js";
import { defineNodeKind, type SetupContext } from "../../runtime/node-kind.js";
import { createLogpScorer, logpParams } from "./logp.js";
import { checkOnnxScorer, createOnnxScorer, onnxParams } from "./onnx.js";
import { createOracleScorer, oracleParams } from "./oracle.js";
import type { QScorer } from "./scorer.js";

const params = z
  .discriminatedUnion("variant", [oracleParams, logpParams, onnxParams])
  .describe("Where the scores come from; each variant is its own file.");

type QScorerParams = z.output<typeof params>;

function createScorer(p: QScorerParams, setup: SetupContext): QScorer | Promise<QScorer> {
  switch (p.variant) {
    case "oracle":
      return createOracleScorer();
    case "logp":
      return createLogpScorer();
    case "onnx":
      return createOnnxScorer(p, setup);
  }
}

/** Adds a Q value (and, where known, a risk) to every candidate. */
export const qScorerKind = defineNodeKind({
  kind: "q-scorer",
  title: "Q-scorer",
  shortId: "q",
  description:
    "Scores every candidate action with an estimate of its value Q(s, a) (column q) and, when the scorer knows it, " +
    "its hazard probability (column risk). Also offers the matching state value V(s) for rollouts to bootstrap with.",
  params,
  inputs: {
    candidates: { type: "candidates", description: "The candidate actions to score.", required: true },
    environment: {
      type: "environment",
      description: "The environment in the current state; the oracle reads its exact Q values, a model its encoded observation.",
      required: (p: QScorerParams) => p.variant !== "logp",
    },
  },
  outputs: {
    candidates: { type: "candidates", description: "The candidates with a q column (and risk, when known)." },
    value: { type: "valueFunction", description: "The state value V(s) this scorer implies, for bootstrapping rollouts." },
  },
  columns: [
    { name: Column.q, label: "Q", format: "number", chart: true, description: "The estimated value Q(s, a) of the candidate." },
    { name: Column.risk, label: "risk", format: "probability", description: "Probability that the action leads into a hazard (oracle variant)." },
  ],
  check: (p, ctx) => (p.variant === "onnx" ? checkOnnxScorer(p, ctx) : []),
  async create(p, setup) {
    const scorer = await createScorer(p, setup);
    return {
      run({ candidates, environment }, ctx) {
        return whenReady(scorer.score(candidates, environment, ctx.rng), (scored) => ({ candidates: scored, value: scorer.value }));
      },
    };
  },
});
