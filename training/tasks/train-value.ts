import { Rng } from "../../runtime/rng.js";
import { Mlp } from "../mlp.js";
import { exportMlpToOnnx } from "../onnx-export.js";
import { fitWithSettings, type TrainedModel, type TrainingSettings } from "./settings.js";
import type { TransitionArrays } from "./transitions.js";

/**
 * Fitted value evaluation: V(s) fitted, round after round, to r + γ·V(s') (just r where the
 * episode terminated) — the value of the policy that collected the data.
 */
export async function trainValue(data: TransitionArrays, settings: TrainingSettings & { gamma: number; iterations: number }): Promise<TrainedModel> {
  const model = Mlp.create([data.width, ...settings.hidden, 1], Rng.fromSeed(settings.seed));
  const targets = new Float32Array(data.count);
  let result = { trainLoss: NaN, validationLoss: undefined as number | undefined };
  for (let round = 0; round < settings.iterations; round++) {
    const next = model.forward(data.nextStates, data.count);
    for (let i = 0; i < data.count; i++) targets[i] = data.rewards[i]! + settings.gamma * (1 - data.terminal[i]!) * next[i]!;
    result = await fitWithSettings(settings, { model, inputs: data.states, targets, episodes: data.episodes }, round, settings.iterations);
  }
  return {
    onnx: exportMlpToOnnx(model, { inputName: "observation", outputs: [{ name: "value" }], docString: "V(s) by fitted value evaluation (foresight train value)" }),
    ...result,
    inputs: [{ name: "observation", width: data.width }],
    outputs: ["value"],
  };
}
