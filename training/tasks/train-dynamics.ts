import { Rng } from "../../runtime/rng.js";
import { Mlp } from "../mlp.js";
import { exportMlpToOnnx } from "../onnx-export.js";
import { fitWithSettings, type TrainedModel, type TrainingSettings } from "./settings.js";
import type { TransitionArrays } from "./transitions.js";

/** Names of the dynamics model's input and outputs, as the rollout node reads them by default. */
export const DYNAMICS_IO = { input: "state_action", nextState: "next_state", reward: "reward", done: "done", hazard: "hazard" } as const;

/**
 * A dynamics model (s, a) → (s', r, done, hazard), fitted by squared error; a is the one-hot of a
 * discrete action or the vector of a continuous one. done and hazard are regressed 0/1 labels, so
 * the outputs estimate their probabilities.
 */
export async function trainDynamics(data: TransitionArrays, actionCount: number, settings: TrainingSettings): Promise<TrainedModel> {
  const { width, count, vectors: continuous } = data;
  if (continuous?.text) throw new Error("a dynamics model predicts encoded next states from box or discrete actions; the shop's text pages are not predicted");
  const actionWidth = continuous ? continuous.width : actionCount;
  const inputWidth = width + actionWidth;
  const outputWidth = width + 3;
  const inputs = new Float32Array(count * inputWidth);
  const targets = new Float32Array(count * outputWidth);
  for (let i = 0; i < count; i++) {
    inputs.set(data.states.subarray(i * width, (i + 1) * width), i * inputWidth);
    if (continuous) inputs.set(continuous.actions.subarray(i * actionWidth, (i + 1) * actionWidth), i * inputWidth + width);
    else inputs[i * inputWidth + width + data.actions[i]!] = 1;
    targets.set(data.nextStates.subarray(i * width, (i + 1) * width), i * outputWidth);
    targets[i * outputWidth + width] = data.rewards[i]!;
    targets[i * outputWidth + width + 1] = data.terminal[i]!;
    targets[i * outputWidth + width + 2] = data.hazard[i]!;
  }
  const model = Mlp.create([inputWidth, ...settings.hidden, outputWidth], Rng.fromSeed(settings.seed));
  const result = await fitWithSettings(settings, { model, inputs, targets, episodes: data.episodes });
  const outputs = [
    { name: DYNAMICS_IO.nextState, start: 0, end: width },
    { name: DYNAMICS_IO.reward, start: width, end: width + 1 },
    { name: DYNAMICS_IO.done, start: width + 1, end: width + 2 },
    { name: DYNAMICS_IO.hazard, start: width + 2, end: width + 3 },
  ];
  return {
    onnx: exportMlpToOnnx(model, { inputName: DYNAMICS_IO.input, outputs, docString: "Dynamics (s, a) → s', r, done, hazard (foresight train dynamics)" }),
    ...result,
    inputs: [{ name: DYNAMICS_IO.input, width: inputWidth }],
    outputs: outputs.map((o) => o.name),
  };
}
