import { deriveSeed } from "../../runtime/rng.js";
import type { BatchLoss } from "../batch-losses.js";
import { fit, type FitOptions, type FitResult } from "../fit.js";
import type { Mlp } from "../mlp.js";

/** Knobs every training task shares; the CLI fills them from flags. */
export interface TrainingSettings {
  hidden: readonly number[];
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Share of episodes held out, whole, to report a validation loss. */
  validationFraction: number;
  /** Called after every epoch of every stage: progress in [0, 1] and the latest losses. */
  onProgress?: (progress: number, trainLoss: number, validationLoss: number | undefined) => void;
  /** Stops training between two batches (Ctrl+C), throwing the signal's reason. */
  signal?: AbortSignal;
}

/** Q-model options beyond the shared ones. */
export interface QTrainingSettings extends TrainingSettings {
  gamma: number;
  /** Rounds of fitted Q-iteration: each recomputes the bootstrap targets, then fits `epochs` epochs. */
  iterations: number;
  /**
   * sarsa: bootstrap from the action the data took next (evaluates the policy that collected it;
   * choosing the best-Q candidate is then a one-step improvement over it — stable on narrow data).
   * max: bootstrap from the best action (Q-learning; needs data that tried every action, or it overestimates).
   */
  target: "sarsa" | "max";
}

/** What a task hands back: the ONNX bytes and the final losses. */
export interface TrainedModel {
  onnx: Uint8Array;
  trainLoss: number;
  validationLoss: number | undefined;
  /** The graph's inputs, each float32 [batch, width], and its output names: for the pipeline that will use the model. */
  inputs: { name: string; width: number }[];
  outputs: string[];
}

/**
 * One `fit` with the shared settings; `round` of `rounds` scales the progress reported, for the
 * fitted-iteration tasks that fit again after each recomputation of their targets. Every round holds
 * out the same episodes (`episodes`: each row's), so its validation loss is over steps never trained on.
 */
export function fitWithSettings(
  settings: TrainingSettings,
  objective: { model: Mlp; inputs: Float32Array; episodes: Int32Array } & ({ targets: Float32Array } | { loss: BatchLoss }),
  round = 0,
  rounds = 1,
): Promise<FitResult> {
  const { episodes, ...rest } = objective;
  return fit({
    ...rest,
    groups: episodes,
    // Its own stream: the model's initial weights draw from `seed`'s.
    splitSeed: deriveSeed(settings.seed, "validation split"),
    batchSize: settings.batchSize,
    epochs: settings.epochs,
    lr: settings.lr,
    seed: settings.seed + round + 1,
    validationFraction: settings.validationFraction,
    onEpoch: (epoch, train, validation) => settings.onProgress?.((round + epoch / settings.epochs) / rounds, train, validation),
    ...(settings.signal ? { signal: settings.signal } : {}),
  } as FitOptions);
}
