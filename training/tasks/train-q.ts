import { Rng } from "../../runtime/rng.js";
import { squaredErrorLoss } from "../batch-losses.js";
import { fit } from "../fit.js";
import { takenActionMask } from "../losses.js";
import { Mlp } from "../mlp.js";
import { exportMlpToOnnx } from "../onnx-export.js";
import type { TrainedModel, TrainingSettings } from "./settings.js";
import type { TransitionArrays } from "./transitions.js";

/** Q-model options beyond the shared ones. */
export interface QTrainingSettings extends TrainingSettings {
  gamma: number;
  /** Rounds of fitted Q-iteration: each recomputes the bootstrap targets, then fits `epochs` epochs. */
  iterations: number;
}

/**
 * Fitted Q-iteration: a network Q(s) → one value per action is fitted, round after round, to
 * r + γ·max_a' Q(s', a') (just r where the episode terminated), on the taken action only.
 * Time-limit truncations still bootstrap: the state had a future the episode did not see.
 */
export function trainQ(data: TransitionArrays, actionCount: number, settings: QTrainingSettings): TrainedModel {
  const model = Mlp.create([data.width, ...settings.hidden, actionCount], Rng.fromSeed(settings.seed));
  const mask = takenActionMask(data.actions, actionCount);
  const targets = new Float32Array(data.count * actionCount);
  let result = { trainLoss: NaN, validationLoss: undefined as number | undefined };
  for (let round = 0; round < settings.iterations; round++) {
    const next = model.forward(data.nextStates, data.count);
    for (let i = 0; i < data.count; i++) {
      let best = -Infinity;
      for (let a = 0; a < actionCount; a++) best = Math.max(best, next[i * actionCount + a]!);
      targets[i * actionCount + data.actions[i]!] = data.rewards[i]! + settings.gamma * (1 - data.terminal[i]!) * best;
    }
    result = fit({
      model,
      inputs: data.states,
      loss: squaredErrorLoss(targets, actionCount, mask),
      batchSize: settings.batchSize,
      epochs: settings.epochs,
      lr: settings.lr,
      seed: settings.seed + round + 1,
      validationFraction: settings.validationFraction,
      onEpoch: (epoch, train, validation) => settings.onProgress?.((round + epoch / settings.epochs) / settings.iterations, train, validation),
    });
  }
  return {
    onnx: exportMlpToOnnx(model, { inputName: "observation", outputs: [{ name: "q_values" }], docString: "Q(s) for each discrete action, by fitted Q-iteration (foresight train q)" }),
    ...result,
    input: "observation",
    outputs: ["q_values"],
  };
}
