import { Rng } from "../runtime/rng.js";
import { Adam } from "./adam.js";
import { type BatchLoss, gatherRows, squaredErrorLoss } from "./batch-losses.js";
import type { Mlp } from "./mlp.js";
import { shuffled, validationSplit } from "./validation-split.js";

/** What the loss is measured against: regression targets, or a loss of your own. */
type Objective =
  | {
      /** [rows][model.outputSize]; the loss is mean squared error. */
      targets: Float32Array;
      loss?: never;
    }
  | { loss: BatchLoss; targets?: never };

/** A mini-batch training run. */
export type FitOptions = Objective & {
  model: Mlp;
  /** [rows][model.inputSize] */
  inputs: Float32Array;
  batchSize: number;
  epochs: number;
  lr: number;
  weightDecay?: number;
  /** Drives every epoch's shuffle (and the validation split, unless `splitSeed`); with the model's init seed it fixes the result bit for bit. */
  seed: number;
  /** Share of rows (rounded down) held out for validation, or of groups where `groups` is given; default 0, none. */
  validationFraction?: number;
  /** A group id per row (0, 1, …; e.g. its episode): validation holds out whole groups. */
  groups?: Int32Array;
  /** Draws the validation split; the same one holds out the same rows in every fit. Default: `seed`. */
  splitSeed?: number;
  /** Called after each epoch (counting from 1). */
  onEpoch?: (epoch: number, trainLoss: number, validationLoss: number | undefined) => void;
  /** Ends the fit, between two batches, with the signal's reason thrown. */
  signal?: AbortSignal;
};

/** The last epoch's losses. */
export interface FitResult {
  /** Row-weighted mean of the epoch's batch losses, taken as the weights moved. */
  trainLoss: number;
  /** Loss on the held-out rows after the epoch; undefined without a validation split. */
  validationLoss: number | undefined;
}

/** Validation runs forward-only in chunks this size, so a large split needs no huge buffers. */
const VALIDATION_CHUNK = 1024;

/**
 * How long the loop holds the thread before it lets the event loop take a turn: a progress bar's
 * redraw timer and a Ctrl+C handler run only then. Checked between batches, so an epoch of any
 * length is cut into turns; 50 ms keeps a bar at its 10 frames a second without a measurable cost.
 */
const TURN_MS = 50;

const eventLoopTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Trains `model` in place with Adam on shuffled mini-batches. */
export async function fit(options: FitOptions): Promise<FitResult> {
  const { model, inputs, batchSize, epochs } = options;
  const width = model.inputSize;
  const rowCount = inputs.length / width;
  if (!Number.isInteger(rowCount)) throw new Error(`inputs hold ${inputs.length} values, not a whole number of rows of ${width} features`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer; got ${batchSize}`);
  const loss = objectiveLoss(options, rowCount, model.outputSize);

  const { training: trainingRows, validation: validationRows } = validationSplit(rowCount, options.validationFraction ?? 0, options.splitSeed ?? options.seed, options.groups);
  const validationCount = validationRows.length;
  if (trainingRows.length === 0) throw new Error(`no training rows: ${rowCount} rows, ${validationCount} held out for validation`);
  const rng = Rng.fromSeed(options.seed);

  const optimizer = new Adam(model, { lr: options.lr, weightDecay: options.weightDecay ?? 0 });
  let result: FitResult = { trainLoss: NaN, validationLoss: undefined };
  let turnTaken = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffled(trainingRows, rng);
    let weightedLoss = 0;
    for (let start = 0; start < trainingRows.length; start += batchSize) {
      const rows = trainingRows.subarray(start, start + batchSize);
      const predictions = model.forward(gatherRows(inputs, rows, width), rows.length);
      const batch = loss(predictions, rows);
      model.backward(batch.dOutput);
      optimizer.step();
      weightedLoss += batch.loss * rows.length;
      if (performance.now() - turnTaken >= TURN_MS) {
        await eventLoopTurn();
        options.signal?.throwIfAborted();
        turnTaken = performance.now();
      }
    }
    result = {
      trainLoss: weightedLoss / trainingRows.length,
      validationLoss: validationCount > 0 ? evaluate(model, inputs, validationRows, loss) : undefined,
    };
    options.onEpoch?.(epoch, result.trainLoss, result.validationLoss);
  }
  return result;
}

/** Row-weighted mean loss of `rows` with the model as it stands. */
export function evaluate(model: Mlp, inputs: Float32Array, rows: Int32Array, loss: BatchLoss): number {
  let weightedLoss = 0;
  for (let start = 0; start < rows.length; start += VALIDATION_CHUNK) {
    const chunk = rows.subarray(start, start + VALIDATION_CHUNK);
    const predictions = model.forward(gatherRows(inputs, chunk, model.inputSize), chunk.length);
    weightedLoss += loss(predictions, chunk).loss * chunk.length;
  }
  return weightedLoss / rows.length;
}

function objectiveLoss(options: Objective, rowCount: number, outputSize: number): BatchLoss {
  if (options.loss) return options.loss;
  if (!options.targets) throw new Error("fit needs targets or a loss");
  if (options.targets.length !== rowCount * outputSize) {
    throw new Error(`targets hold ${options.targets.length} values; ${rowCount} rows of ${outputSize} outputs need ${rowCount * outputSize}`);
  }
  return squaredErrorLoss(options.targets, outputSize);
}
