/** A loss value and its gradient with respect to the predictions, same shape as them. */
export interface LossResult {
  loss: number;
  dOutput: Float32Array;
}

/**
 * Mean squared error over [rows][columns] predictions. With `mask` (same shape, 1 = counts,
 * 0 = ignored) the mean runs over the masked entries only and the others get zero gradient —
 * how fitted Q-iteration trains just the taken action's Q value. A batch with nothing masked
 * in has loss 0.
 */
export function meanSquaredError(predictions: Float32Array, targets: Float32Array, mask?: Float32Array): LossResult {
  if (targets.length !== predictions.length) throw new Error(`targets hold ${targets.length} values; predictions hold ${predictions.length}`);
  if (mask && mask.length !== predictions.length) throw new Error(`mask holds ${mask.length} values; predictions hold ${predictions.length}`);
  let count = 0;
  if (mask) for (let k = 0; k < mask.length; k++) count += mask[k]!;
  else count = predictions.length;
  const dOutput = new Float32Array(predictions.length);
  if (count === 0) return { loss: 0, dOutput };
  let sum = 0;
  for (let k = 0; k < predictions.length; k++) {
    const weight = mask ? mask[k]! : 1;
    const error = predictions[k]! - targets[k]!;
    sum += weight * error * error;
    dOutput[k] = (2 * weight * error) / count;
  }
  return { loss: sum / count, dOutput };
}

/** A mask for `meanSquaredError` that lets only column actions[row] of each row count. */
export function takenActionMask(actions: ArrayLike<number>, actionCount: number): Float32Array {
  const mask = new Float32Array(actions.length * actionCount);
  for (let row = 0; row < actions.length; row++) {
    const action = actions[row]!;
    if (!Number.isInteger(action) || action < 0 || action >= actionCount) {
      throw new Error(`row ${row} took action ${action}; actions are integers in [0, ${actionCount})`);
    }
    mask[row * actionCount + action] = 1;
  }
  return mask;
}

/**
 * Mean softmax cross-entropy of [rows][classes] logits against integer class targets.
 * Subtracting each row's max logit keeps exp() from overflowing.
 */
export function softmaxCrossEntropy(logits: Float32Array, targets: ArrayLike<number>, classes: number): LossResult {
  const rows = targets.length;
  if (logits.length !== rows * classes) throw new Error(`logits hold ${logits.length} values; ${rows} targets of ${classes} classes need ${rows * classes}`);
  const dOutput = new Float32Array(logits.length);
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const target = targets[r]!;
    if (!Number.isInteger(target) || target < 0 || target >= classes) {
      throw new Error(`row ${r} has target ${target}; targets are integers in [0, ${classes})`);
    }
    const start = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[start + c]!);
    let total = 0;
    for (let c = 0; c < classes; c++) total += Math.exp(logits[start + c]! - max);
    const logTotal = Math.log(total);
    sum += logTotal - (logits[start + target]! - max);
    for (let c = 0; c < classes; c++) {
      const probability = Math.exp(logits[start + c]! - max - logTotal);
      dOutput[start + c] = (probability - (c === target ? 1 : 0)) / rows;
    }
  }
  return { loss: rows === 0 ? 0 : sum / rows, dOutput };
}

/** Log-stds are clamped here in the loss (and get no gradient beyond): an exact fit would drive them to −∞. */
export const LOG_STD_RANGE = [-5, 2] as const;

/**
 * Mean negative log-likelihood of action vectors under diagonal Gaussians: each prediction row is
 * [mean (width), log-std (width)], each target row an action (width). Behaviour cloning of a
 * Gaussian policy head.
 */
export function gaussianNegativeLogLikelihood(predictions: Float32Array, targets: Float32Array, width: number): LossResult {
  const rows = targets.length / width;
  if (predictions.length !== rows * 2 * width) throw new Error(`predictions hold ${predictions.length} values; ${rows} rows of mean and log-std (${width} each) need ${rows * 2 * width}`);
  const dOutput = new Float32Array(predictions.length);
  const [low, high] = LOG_STD_RANGE;
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < width; d++) {
      const meanAt = r * 2 * width + d;
      const rawLogStd = predictions[meanAt + width]!;
      const logStd = Math.min(high, Math.max(low, rawLogStd));
      const variance = Math.exp(2 * logStd);
      const error = targets[r * width + d]! - predictions[meanAt]!;
      sum += (0.5 * error * error) / variance + logStd + 0.5 * Math.log(2 * Math.PI);
      dOutput[meanAt] = -error / variance / rows;
      dOutput[meanAt + width] = rawLogStd === logStd ? (1 - (error * error) / variance) / rows : 0;
    }
  }
  return { loss: rows === 0 ? 0 : sum / rows, dOutput };
}
