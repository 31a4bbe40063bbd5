import { z } from "zod";
import { Column, type CandidateTable } from "../../runtime/candidate-table.js";
import type { Environment } from "../../runtime/environment.js";
import type { CheckContext, ParamProblem } from "../../runtime/node-kind.js";
import type { StateView, ValueFunction } from "../../runtime/ports.js";
import { discreteIndex } from "./actions.js";
import type { QScorer } from "./scorer.js";

/** Params of the oracle variant: no knobs, the environment supplies the truth. */
export const oracleParams = z
  .object({
    variant: z.literal("oracle").describe("Exact Q from the environment itself — an oracle for demonstrations and tests."),
  })
  .describe(
    "Oracle: q is the environment's exact Q value of each action and risk its hazard probability. " +
      "Only simulators that can solve themselves offer this (e.g. GridWorld); it is for demonstrations and tests, not a learned scorer.",
  );

/** Scores with the environment's exact Q (and hazard probability, when it offers one). */
export function createOracleScorer(): QScorer {
  return {
    score: scoreWithOracle,
    value: oracleValue,
  };
}

function scoreWithOracle(candidates: CandidateTable, environment: Environment | undefined): CandidateTable {
  if (!environment) throw new Error('the oracle Q-scorer needs its "environment" input connected');
  const exactQ = requireExactQ(environment);
  // One solve for the state; every row (duplicates included) reads from it.
  const q = exactQ();
  const indices = candidates.actions.map((action, row) => discreteIndex(environment, action, row, "oracle Q-scorer"));
  let scored = candidates.withColumn(
    Column.q,
    indices.map((i) => q[i] ?? null),
  );
  const hazardProbability = environment.hazardProbability?.bind(environment);
  if (hazardProbability) {
    const byIndex = new Map<number, number>();
    const risk = indices.map((i) => {
      let p = byIndex.get(i);
      if (p === undefined) byIndex.set(i, (p = hazardProbability(i)));
      return p;
    });
    scored = scored.withColumn(Column.risk, risk);
  }
  return scored;
}

/** V(s) = max over actions of the exact Q in each given state. */
const oracleValue: ValueFunction = {
  name: "oracle V (max exact Q)",
  values(states) {
    return states.map((state) => Math.max(...requireExactQ(state)()));
  },
};

function requireExactQ(environment: StateView): () => number[] {
  if (!environment.exactQ) throw new Error(noExactQ(environment.name));
  return environment.exactQ.bind(environment);
}

function noExactQ(name: string): string {
  return `the oracle Q-scorer needs an environment that can compute its exact Q values, and "${name}" cannot; use the "onnx" variant with a learned Q model, or "logp"`;
}

/** Caught at validation, not at the first step: only a few simulators can solve themselves (GridWorld). */
export function checkOracleScorer(ctx: CheckContext): ParamProblem[] {
  return ctx.environment && !ctx.environment.exactQ ? [{ path: ["variant"], message: noExactQ(ctx.environment.name) }] : [];
}
