import { Rng } from "../../runtime/rng.js";
import { crossEntropyLoss, gaussianLoss } from "../batch-losses.js";
import { Mlp } from "../mlp.js";
import { exportMlpToOnnx } from "../onnx-export.js";
import { fitWithSettings, type TrainedModel, type TrainingSettings } from "./settings.js";
import type { ActionVectors, TransitionArrays } from "./transitions.js";

/**
 * Behaviour cloning: a network observation → logits fitted by cross-entropy to the recorded actions;
 * for continuous actions, observation → Gaussian mean and log-std fitted by negative log-likelihood.
 */
export async function trainPolicy(data: TransitionArrays, actionCount: number, settings: TrainingSettings): Promise<TrainedModel> {
  if (data.vectors?.text) throw new Error("behaviour cloning needs discrete or box actions; a text action space has no fixed set of logits");
  if (data.vectors) return trainGaussianPolicy(data, data.vectors, settings);
  const model = Mlp.create([data.width, ...settings.hidden, actionCount], Rng.fromSeed(settings.seed));
  const result = await fitWithSettings(settings, { model, inputs: data.states, episodes: data.episodes, loss: crossEntropyLoss(data.actions, actionCount) });
  return {
    onnx: exportMlpToOnnx(model, { inputName: "observation", outputs: [{ name: "logits" }], docString: "Policy logits by behaviour cloning (foresight train policy)" }),
    ...result,
    inputs: [{ name: "observation", width: data.width }],
    outputs: ["logits"],
  };
}

/** The Gaussian head: outputs "mean" and "log_std", one per action dimension, as the ONNX policy's gaussian head reads them. */
async function trainGaussianPolicy(data: TransitionArrays, continuous: ActionVectors, settings: TrainingSettings): Promise<TrainedModel> {
  const { width } = continuous;
  const model = Mlp.create([data.width, ...settings.hidden, 2 * width], Rng.fromSeed(settings.seed));
  const result = await fitWithSettings(settings, { model, inputs: data.states, episodes: data.episodes, loss: gaussianLoss(continuous.actions, width) });
  const outputs = [
    { name: "mean", start: 0, end: width },
    { name: "log_std", start: width, end: 2 * width },
  ];
  return {
    onnx: exportMlpToOnnx(model, { inputName: "observation", outputs, docString: "Gaussian policy (mean, log-std) by behaviour cloning (foresight train policy)" }),
    ...result,
    inputs: [{ name: "observation", width: data.width }],
    outputs: outputs.map((o) => o.name),
  };
}
