import { Rng } from "../../runtime/rng.js";
import { crossEntropyLoss } from "../batch-losses.js";
import { Mlp } from "../mlp.js";
import { exportMlpToOnnx } from "../onnx-export.js";
import { fitWithSettings, type TrainedModel, type TrainingSettings } from "./settings.js";
import type { TransitionArrays } from "./transitions.js";

/** Behaviour cloning: a network observation → logits fitted by cross-entropy to the recorded actions. */
export function trainPolicy(data: TransitionArrays, actionCount: number, settings: TrainingSettings): TrainedModel {
  const model = Mlp.create([data.width, ...settings.hidden, actionCount], Rng.fromSeed(settings.seed));
  const result = fitWithSettings(settings, { model, inputs: data.states, loss: crossEntropyLoss(data.actions, actionCount) });
  return {
    onnx: exportMlpToOnnx(model, { inputName: "observation", outputs: [{ name: "logits" }], docString: "Policy logits by behaviour cloning (foresight train policy)" }),
    ...result,
    inputWidth: data.width,
    input: "observation",
    outputs: ["logits"],
  };
}
