import type { TracedRolloutSamples } from "../../protocol/traced-values.js";
import type { Action, Environment } from "../../runtime/environment.js";
import { MAX_TRACED_ARRAY } from "../../runtime/trace/summarise.js";
import type { ActionForecast } from "./simulate.js";

/**
 * Simulations a step's record lists at most (~25 kB of JSON), however many candidates there are;
 * `length` still counts every action simulated. At most MAX_TRACED_ARRAY actions too: the trace
 * would cut a longer list into a summary the inspector cannot draw.
 */
export const MAX_RECORDED_SIMULATIONS = 1024;

/** The rollout's `samples` output: each distinct action's simulations, sample by sample, the first actions up to the bound. */
export function sampleRecord(
  model: TracedRolloutSamples["$rolloutSamples"],
  horizon: number,
  environment: Environment,
  actions: readonly Action[],
  forecasts: readonly ActionForecast[],
): TracedRolloutSamples {
  const listed: TracedRolloutSamples["actions"] = [];
  let simulations = 0;
  for (let i = 0; i < actions.length; i++) {
    const samples = forecasts[i]?.samples;
    if (!samples) continue;
    simulations += samples.returns.length;
    if (listed.length === MAX_TRACED_ARRAY || (simulations > MAX_RECORDED_SIMULATIONS && listed.length > 0)) break;
    listed.push({ action: environment.describeAction(actions[i]!), ...samples });
  }
  return { $rolloutSamples: model, horizon, length: actions.length, actions: listed };
}
