import { Column } from "../../runtime/candidate-table.js";
import { cannotCopy, type Environment } from "../../runtime/environment.js";
import { loadOptions } from "../../runtime/model-params.js";
import { defineNodeKind, type ParamProblem } from "../../runtime/node-kind.js";
import { rolloutParams, type RolloutParams } from "./params.js";
import { checkRolloutAlongCandidates } from "./along-candidates.js";
import { keptActions, perRow } from "./kept-actions.js";
import { checkDynamicsModel, imagineAhead } from "./learned-dynamics.js";
import { sampleRecord } from "./sample-record.js";
import { simulateAhead, type LookAhead } from "./simulate.js";

/** Column with each candidate's mean bootstrap term γ^H·V(s_H), null when not bootstrapped. */
export const horizonValueColumn = "horizon_value";

/** Looks a few steps ahead of every candidate in a copy of the world and reports the predicted return and risk. */
export const rolloutKind = defineNodeKind({
  kind: "rollout",
  title: "World-model rollout",
  description:
    "Simulates each candidate action some steps ahead — its own action (held for several steps, as an action chunk, " +
    "when hold is above 1), then the policy's (or the same action repeated) — on copies of the environment (never the live one) or in a learned ONNX dynamics model. Adds the mean " +
    "predicted discounted return (column return), the probability of hitting a hazard or an irreversible step (risk), " +
    "and the bootstrap term (horizon_value).",
  params: rolloutParams,
  columns: [
    { name: Column.predictedReturn, label: "predicted return", format: "number", chart: true, description: "Mean discounted return of the simulations that start with the candidate." },
    {
      name: Column.risk,
      label: "risk",
      format: "probability",
      description:
        "Probability of meeting a hazard (or an irreversible step) within the horizon. Simulated: the share of simulations that did. " +
        "In a learned dynamics model: the sum over steps of P(still running) · P(hazard), capped at 1 — exact where a hazard ends the episode, as in the built-in worlds; an upper bound where it does not.",
    },
    { name: horizonValueColumn, label: "horizon value", format: "number", description: "Mean bootstrap term γ^H·V(s_H); empty when not bootstrapped." },
  ],
  inputs: {
    candidates: { type: "candidates", description: "The candidate actions to look ahead from.", required: true },
    environment: { type: "environment", description: "The live environment; it is cloned (or encoded for a learned model), never stepped.", required: true },
    policy: {
      type: "policy",
      description: "Chooses the simulated actions after each candidate's first one.",
      required: (p: RolloutParams) => p.continuation === "policy",
      needs: (p: RolloutParams) =>
        p.continuation === "policy"
          ? { "simulated-states": 'the rollout continues its simulations with its policy (continuation "policy"); connect a policy that can, or set continuation to "repeat"' }
          : {},
    },
    value: {
      type: "valueFunction",
      description: "V(s) added at the horizon (discounted) when bootstrap is on and the simulation has not ended.",
    },
  },
  outputs: {
    candidates: { type: "candidates", description: "The candidates with return, risk and horizon_value columns." },
    samples: {
      type: "json",
      description:
        "Each simulation, sample by sample, for the step inspector: its return, the steps it lasted, and the step at which it hit a hazard " +
        "(a learned model: its hazard probability). Made at trace full only; null otherwise.",
    },
  },
  check: (p, ctx) => (p.model.kind === "onnx" ? checkDynamicsModel(p.model, ctx) : checkSimulator(ctx.environment)),
  checkAlongCandidates: (p, along) => checkRolloutAlongCandidates(p, along, [Column.predictedReturn, Column.risk, horizonValueColumn]),
  async create(p, setup) {
    const dynamics = p.model.kind === "onnx" ? { io: p.model, model: await setup.models.load(p.model.path, loadOptions(p.model)) } : undefined;
    return {
      async run({ candidates, environment, policy, value }, ctx) {
        if (p.continuation === "policy" && !policy) {
          throw new Error('continuation "policy" needs the "policy" input connected (or set continuation to "repeat")');
        }
        // Equal actions share one set of simulations, so duplicates never get different scores by chance;
        // filtered rows get none (their cells stay empty).
        const kept = keptActions(candidates);
        const lookAhead: LookAhead = {
          environment,
          actions: kept.actions,
          hold: p.hold,
          horizon: p.horizon,
          discount: p.discount,
          samples: p.samples,
          policy: p.continuation === "policy" ? policy : undefined,
          continuationSampling: p.continuationSampling,
          value: p.bootstrap ? value : undefined,
          rng: ctx.rng,
          signal: ctx.signal,
          recordSamples: setup.tracesOutputs === true,
        };
        const forecasts = kept.actions.length === 0 ? [] : dynamics ? await imagineAhead(lookAhead, dynamics.model, dynamics.io) : await simulateAhead(lookAhead);
        const rows = perRow(kept, forecasts, null);
        return {
          candidates: candidates
            .withColumn(Column.predictedReturn, rows.map((f) => f?.return ?? null))
            .withColumn(Column.risk, rows.map((f) => f?.risk ?? null))
            .withColumn(horizonValueColumn, rows.map((f) => f?.horizonValue ?? null)),
          samples: lookAhead.recordSamples ? sampleRecord(p.model.kind, p.horizon, environment, kept.actions, forecasts) : null,
        };
      },
    };
  },
});

/** Simulating needs copies of the environment: one that cannot snapshot (an external one may not) is refused here. */
function checkSimulator(environment: Environment | undefined): ParamProblem[] {
  if (environment?.canSnapshot !== false) return [];
  return [
    {
      path: ["model", "kind"],
      message: `the simulator needs copies of the environment, and ${cannotCopy(environment)}; use a learned dynamics model ("kind": "onnx") or an environment that can`,
    },
  ];
}
