import { Rng } from "../../runtime/rng.js";
import { Mlp } from "../mlp.js";
import { exportMlpToOnnx } from "../onnx-export.js";
import { pairFeatures, pairWidth, type PairLayout } from "./pair-features.js";
import { fitWithSettings, type QTrainingSettings, type TrainedModel, type TrainingSettings } from "./settings.js";
import type { ActionVectors, TransitionArrays } from "./transitions.js";

/** Input and output names of a Q(s, a) model, as the ONNX Q-scorer's q-sa form is configured for them. */
export const CONTINUOUS_Q_IO = { state: "observation", action: "action", output: "q" } as const;

/**
 * Fitted Q-evaluation over action vectors: Q(s ++ a) → one value, fitted round after round to
 * r + γ·Q(s', a') with a' the next recorded action (where the episode ended there, the step's own
 * action: a truncated episode still had a future). Only sarsa targets: the max over a continuous
 * action space has no closed form, and sampling it on narrow data overestimates as max does (and a
 * text action space has no list of every action).
 *
 * The ONNX file takes two inputs, the state and the action, concatenated by its first node.
 */
export async function trainContinuousQ(data: TransitionArrays, vectors: ActionVectors, settings: QTrainingSettings): Promise<TrainedModel> {
  if (settings.target !== "sarsa") throw new Error(`${vectors.text ? "text" : "continuous"} actions train with --target sarsa only (or mc, from Monte-Carlo labels): there is no max over every action`);
  const { count } = data;
  const layout = vectors.layout;
  const inputs = pairFeatures(layout, data.states, vectors.actions, count);
  const nextInputs = pairFeatures(layout, data.nextStates, vectors.nextActions, count);
  const model = Mlp.create([pairWidth(layout), ...settings.hidden, 1], Rng.fromSeed(settings.seed));
  const targets = new Float32Array(count);
  let result = { trainLoss: NaN, validationLoss: undefined as number | undefined };
  for (let round = 0; round < settings.iterations; round++) {
    const next = model.forward(nextInputs, count);
    for (let i = 0; i < count; i++) targets[i] = data.rewards[i]! + settings.gamma * (1 - data.terminal[i]!) * next[i]!;
    result = await fitWithSettings(settings, { model, inputs, targets, episodes: data.episodes }, round, settings.iterations);
  }
  return pairQModel(model, layout, result, "Q(s, a) over action vectors by fitted Q-evaluation (foresight train q)");
}

/** State-action pairs labelled with a return to regress, e.g. Monte-Carlo Q values of recorded candidates. */
export interface LabelledPairs {
  count: number;
  layout: PairLayout;
  states: Float32Array;
  actions: Float32Array;
  targets: Float32Array;
  /** Each pair's episode, as dense ids (0, 1, …): validation holds out whole episodes. */
  episodes: Int32Array;
}

/** Supervised Q(s, a): one fit of the pairs' features to their labels, by squared error. */
export async function trainLabelledQ(pairs: LabelledPairs, settings: TrainingSettings): Promise<TrainedModel> {
  const model = Mlp.create([pairWidth(pairs.layout), ...settings.hidden, 1], Rng.fromSeed(settings.seed));
  const inputs = pairFeatures(pairs.layout, pairs.states, pairs.actions, pairs.count);
  const result = await fitWithSettings(settings, { model, inputs, targets: pairs.targets, episodes: pairs.episodes });
  return pairQModel(model, pairs.layout, result, "Q(s, a) regressed on Monte-Carlo returns of recorded candidates (foresight train q --target mc)");
}

/** The ONNX file of a pair model: inputs observation and action, the row products computed in the graph, output q. */
async function pairQModel(model: Mlp, layout: PairLayout, result: { trainLoss: number; validationLoss: number | undefined }, docString: string): Promise<TrainedModel> {
  const inputs = [
    { name: CONTINUOUS_Q_IO.state, width: layout.stateWidth },
    { name: CONTINUOUS_Q_IO.action, width: layout.actionWidth },
  ];
  return {
    onnx: exportMlpToOnnx(model, { inputName: CONTINUOUS_Q_IO.state, concatInputs: inputs, rowProducts: layout.rowProducts, outputs: [{ name: CONTINUOUS_Q_IO.output }], docString }),
    ...result,
    inputs,
    outputs: [CONTINUOUS_Q_IO.output],
  };
}
