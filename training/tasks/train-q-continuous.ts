import { Rng } from "../../runtime/rng.js";
import { Mlp } from "../mlp.js";
import { exportMlpToOnnx } from "../onnx-export.js";
import { fitWithSettings, type QTrainingSettings, type TrainedModel } from "./settings.js";
import type { ContinuousActions, TransitionArrays } from "./transitions.js";

/** Input and output names of a Q(s, a) model, as the ONNX Q-scorer's q-sa form is configured for them. */
export const CONTINUOUS_Q_IO = { state: "observation", action: "action", output: "q" } as const;

/**
 * Fitted Q-evaluation over action vectors: Q(s ++ a) → one value, fitted round after round to
 * r + γ·Q(s', a') with a' the next recorded action (where the episode ended there, the step's own
 * action: a truncated episode still had a future). Only sarsa targets: the max over a continuous
 * action space has no closed form, and sampling it on narrow data overestimates as max does.
 *
 * The ONNX file takes two inputs, the state and the action, concatenated by its first node.
 */
export function trainContinuousQ(data: TransitionArrays, continuous: ContinuousActions, settings: QTrainingSettings): TrainedModel {
  if (settings.target !== "sarsa") throw new Error('continuous actions train with --target sarsa only (no max over a continuous action space)');
  const { count, width } = data;
  const inputWidth = width + continuous.width;
  const rows = (states: Float32Array, actions: Float32Array) => {
    const out = new Float32Array(count * inputWidth);
    for (let i = 0; i < count; i++) {
      out.set(states.subarray(i * width, (i + 1) * width), i * inputWidth);
      out.set(actions.subarray(i * continuous.width, (i + 1) * continuous.width), i * inputWidth + width);
    }
    return out;
  };
  const inputs = rows(data.states, continuous.actions);
  const nextInputs = rows(data.nextStates, continuous.nextActions);
  const model = Mlp.create([inputWidth, ...settings.hidden, 1], Rng.fromSeed(settings.seed));
  const targets = new Float32Array(count);
  let result = { trainLoss: NaN, validationLoss: undefined as number | undefined };
  for (let round = 0; round < settings.iterations; round++) {
    const next = model.forward(nextInputs, count);
    for (let i = 0; i < count; i++) targets[i] = data.rewards[i]! + settings.gamma * (1 - data.terminal[i]!) * next[i]!;
    result = fitWithSettings(settings, { model, inputs, targets }, round, settings.iterations);
  }
  return {
    onnx: exportMlpToOnnx(model, {
      inputName: CONTINUOUS_Q_IO.state,
      concatInputs: [
        { name: CONTINUOUS_Q_IO.state, width },
        { name: CONTINUOUS_Q_IO.action, width: continuous.width },
      ],
      outputs: [{ name: CONTINUOUS_Q_IO.output }],
      docString: "Q(s, a) over action vectors by fitted Q-evaluation (foresight train q)",
    }),
    ...result,
    inputWidth,
    input: `${CONTINUOUS_Q_IO.state}, ${CONTINUOUS_Q_IO.action}`,
    outputs: [CONTINUOUS_Q_IO.output],
  };
}
