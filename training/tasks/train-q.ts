import { Rng } from "../../runtime/rng.js";
import { squaredErrorLoss } from "../batch-losses.js";
import { takenActionMask } from "../losses.js";
import { Mlp } from "../mlp.js";
import { exportMlpToOnnx } from "../onnx-export.js";
import { fitWithSettings, type QTrainingSettings, type TrainedModel } from "./settings.js";
import { trainContinuousQ } from "./train-q-continuous.js";
import type { TransitionArrays } from "./transitions.js";

/** Q of the given next action, or the best one when none is given (-1). */
function nextValue(next: Float32Array, row: number, actionCount: number, action: number): number {
  if (action >= 0) return next[row * actionCount + action]!;
  let best = -Infinity;
  for (let a = 0; a < actionCount; a++) best = Math.max(best, next[row * actionCount + a]!);
  return best;
}

/**
 * Fitted Q-iteration: a network Q(s) → one value per action is fitted, round after round, to
 * r + γ·Q(s', a') — a' the next recorded action (sarsa) or the best one (max) — or just r where
 * the episode terminated, on the taken action only.
 * Time-limit truncations still bootstrap: the state had a future the episode did not see.
 */
export async function trainQ(data: TransitionArrays, actionCount: number, settings: QTrainingSettings): Promise<TrainedModel> {
  if (data.vectors) return trainContinuousQ(data, data.vectors, settings);
  const model = Mlp.create([data.width, ...settings.hidden, actionCount], Rng.fromSeed(settings.seed));
  const mask = takenActionMask(data.actions, actionCount);
  const targets = new Float32Array(data.count * actionCount);
  let result = { trainLoss: NaN, validationLoss: undefined as number | undefined };
  for (let round = 0; round < settings.iterations; round++) {
    const next = model.forward(data.nextStates, data.count);
    for (let i = 0; i < data.count; i++) {
      targets[i * actionCount + data.actions[i]!] =
        data.rewards[i]! + settings.gamma * (1 - data.terminal[i]!) * nextValue(next, i, actionCount, settings.target === "sarsa" ? data.nextActions[i]! : -1);
    }
    result = await fitWithSettings(settings, { model, inputs: data.states, episodes: data.episodes, loss: squaredErrorLoss(targets, actionCount, mask) }, round, settings.iterations);
  }
  return {
    onnx: exportMlpToOnnx(model, { inputName: "observation", outputs: [{ name: "q_values" }], docString: "Q(s) for each discrete action, by fitted Q-iteration (foresight train q)" }),
    ...result,
    inputs: [{ name: "observation", width: data.width }],
    outputs: ["q_values"],
  };
}
