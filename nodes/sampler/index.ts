import { counted } from "../../protocol/shown-values.js";
import { CandidateTable, Column } from "../../runtime/candidate-table.js";
import { defineNodeKind } from "../../runtime/node-kind.js";
import type { ActionDistribution } from "../../runtime/ports.js";
import type { Rng } from "../../runtime/rng.js";
import { mergeEqualActions } from "./dedupe.js";
import { drawChoices, type Draws } from "./discrete.js";
import { drawGaussian } from "./gaussian.js";
import { drawStructured } from "./structured.js";
import { samplerParams, type SamplerParams } from "./params.js";

/** The sampler node: turns an action distribution into a table of N candidate actions. */
export const samplerKind = defineNodeKind({
  kind: "sampler",
  title: "Candidate sampler",
  description:
    "Draws N candidate actions from the policy's distribution, optionally reshaped by temperature, top-k and top-p, with their log-probs.",
  params: samplerParams,
  inputs: {
    distribution: { type: "actionDistribution", description: "The policy's distribution for the current state", required: true },
  },
  outputs: {
    candidates: { type: "candidates", description: "One row per candidate: action, logp, greedy (and count when deduplicated)" },
  },
  columns: [
    {
      name: Column.logp,
      label: "log-prob",
      format: "number",
      chart: true,
      description: "The candidate's log-probability under the policy's distribution (a log-density for continuous actions), before temperature, top-k or top-p reshaped it.",
    },
    {
      name: Column.greedy,
      label: "greedy",
      format: "boolean",
      description:
        "“yes” on the first row where includeGreedy put the policy's most likely action there (a Gaussian's mean, clipped) instead of a draw. A drawn row says “no”, even where it is the same action.",
    },
    { name: Column.count, label: "count", format: "integer", description: "Draws of this action merged into the row (dedupe)." },
  ],
  // topK and topP reshape discrete choices: a policy's Gaussian (or a uniform draw) ignores them, which
  // nothing else would say (the pipeline validates: the policy's distribution is known only as it runs).
  runNote(params, counters) {
    const ignored = Number(Atomics.load(counters.slots, IGNORED_RESHAPING));
    if (ignored === 0) return undefined;
    const set = [params.topK !== null ? "topK" : "", params.topP !== null ? "topP" : ""].filter(Boolean).join(" and ");
    return `${set} did nothing at ${counted(ignored, "step")}: the policy's distribution there was continuous (a Gaussian or a uniform draw), and top-k and top-p keep the likeliest of discrete choices only`;
  },
  create(params, setup) {
    const reshapes = params.topK !== null || params.topP !== null;
    return {
      run({ distribution }, ctx) {
        if (reshapes && setup.runCounters && (distribution.kind === "gaussian" || distribution.kind === "uniform")) Atomics.add(setup.runCounters.slots, IGNORED_RESHAPING, 1n);
        return { candidates: sampleCandidates(distribution, params, ctx.rng) };
      },
    };
  },
});

/** The run counter (SetupContext.runCounters) of steps whose distribution took no topK or topP. */
const IGNORED_RESHAPING = 0;

/** N candidates from `distribution`, drawn with `rng` only, so a seed fixes the table. */
export function sampleCandidates(distribution: ActionDistribution, params: SamplerParams, rng: Rng): CandidateTable {
  const draws = draw(distribution, params, rng);
  if (!params.dedupe) {
    return CandidateTable.of(draws.actions, { [Column.logp]: draws.logp, [Column.greedy]: draws.greedy });
  }
  const merged = mergeEqualActions(draws);
  return CandidateTable.of(merged.actions, {
    [Column.logp]: merged.logp,
    [Column.greedy]: merged.greedy,
    [Column.count]: merged.count,
  });
}

function draw(distribution: ActionDistribution, params: SamplerParams, rng: Rng): Draws {
  const { n, includeGreedy } = params;
  switch (distribution.kind) {
    case "categorical": {
      // Pushed, not mapped: map makes an integer array first and copies it once the first double lands.
      const logp: number[] = [];
      for (let i = 0; i < distribution.probs.length; i++) logp.push(Math.log(distribution.probs[i]!));
      return drawChoices({ actions: distribution.actions, logp }, n, includeGreedy, params, rng);
    }
    case "proposals":
      return drawChoices(distribution, n, includeGreedy, params, rng);
    case "gaussian":
      return drawGaussian(distribution, n, includeGreedy, params.temperature, rng);
    case "uniform":
      return drawStructured(distribution.space, n, includeGreedy, rng);
  }
}
