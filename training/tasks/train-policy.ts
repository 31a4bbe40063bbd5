import { Rng } from "../../runtime/rng.js";
import { crossEntropyLoss } from "../batch-losses.js";
import { fit } from "../fit.js";
import { Mlp } from "../mlp.js";
import { exportMlpToOnnx } from "../onnx-export.js";
import type { TrainedModel, TrainingSettings } from "./settings.js";
import type { TransitionArrays } from "./transitions.js";

/** Behaviour cloning: a network observation → logits fitted by cross-entropy to the recorded actions. */
export function trainPolicy(data: TransitionArrays, actionCount: number, settings: TrainingSettings): TrainedModel {
  const model = Mlp.create([data.width, ...settings.hidden, actionCount], Rng.fromSeed(settings.seed));
  const result = fit({
    model,
    inputs: data.states,
    loss: crossEntropyLoss(data.actions, actionCount),
    batchSize: settings.batchSize,
    epochs: settings.epochs,
    lr: settings.lr,
    seed: settings.seed + 1,
    validationFraction: settings.validationFraction,
    onEpoch: (epoch, train, validation) => settings.onProgress?.(epoch / settings.epochs, train, validation),
  });
  return {
    onnx: exportMlpToOnnx(model, { inputName: "observation", outputs: [{ name: "logits" }], docString: "Policy logits by behaviour cloning (foresight train policy)" }),
    ...result,
    inputWidth: data.width,
    input: "observation",
    outputs: ["logits"],
  };
}
