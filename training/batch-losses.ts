import type { LossResult } from "./losses.js";
import { gaussianNegativeLogLikelihood, meanSquaredError, softmaxCrossEntropy } from "./losses.js";

/**
 * Scores one mini-batch: `predictions` are [rows.length][outputs] for the dataset rows listed
 * in `rows`, in that order, so the loss can look up whatever targets those rows have.
 */
export type BatchLoss = (predictions: Float32Array, rows: Int32Array) => LossResult;

/** Mean squared error against `targets` [rows][width], optionally masked (see `meanSquaredError`). */
export function squaredErrorLoss(targets: Float32Array, width: number, mask?: Float32Array): BatchLoss {
  return (predictions, rows) => meanSquaredError(predictions, gatherRows(targets, rows, width), mask && gatherRows(mask, rows, width));
}

/** Softmax cross-entropy of logits against one integer class label per dataset row. */
export function crossEntropyLoss(labels: ArrayLike<number>, classes: number): BatchLoss {
  return (predictions, rows) => {
    const batchLabels = new Int32Array(rows.length);
    for (let k = 0; k < rows.length; k++) batchLabels[k] = labels[rows[k]!]!;
    return softmaxCrossEntropy(predictions, batchLabels, classes);
  };
}

/** Copies the listed rows of a [rows][width] table into one batch, in `rows` order. */
export function gatherRows(table: Float32Array, rows: Int32Array, width: number): Float32Array {
  const batch = new Float32Array(rows.length * width);
  for (let k = 0; k < rows.length; k++) {
    const start = rows[k]! * width;
    batch.set(table.subarray(start, start + width), k * width);
  }
  return batch;
}

/** Gaussian negative log-likelihood of recorded action vectors [rows][width] (see `gaussianNegativeLogLikelihood`). */
export function gaussianLoss(actions: Float32Array, width: number): BatchLoss {
  return (predictions, rows) => gaussianNegativeLogLikelihood(predictions, gatherRows(actions, rows, width), width);
}
