import { counted } from "../protocol/shown-values.js";
import { encodingSize, type Environment } from "./environment.js";
import type { FloatTensor, ModelInfo, TensorInfo } from "./inference/types.js";
import type { CheckContext, ParamProblem } from "./node-kind.js";

/** Features per row a model input or output holds: the product of its dims after the first (the batch). */
export function featureSize(tensor: TensorInfo): number | undefined {
  const dims = tensor.shape.slice(1);
  return dims.every((d): d is number => typeof d === "number") ? dims.reduce((a, b) => a * b, 1) : undefined;
}

/** A model input or output by name, or a problem listing the names it has. */
export function findTensor(
  info: ModelInfo,
  side: "inputs" | "outputs",
  name: string,
  path: readonly PropertyKey[],
): TensorInfo | ParamProblem {
  const tensor = info[side].find((t) => t.name === name);
  if (tensor) return tensor;
  const names = info[side].map((t) => `"${t.name}" ${JSON.stringify(t.shape)}`).join(", ");
  return { path, message: `${info.path} has no ${side === "inputs" ? "input" : "output"} "${name}"; its ${side}: ${names}` };
}

/**
 * Checks that a model tensor holds `expected` float features per row, saying where `expected`
 * came from (e.g. 'the environment\'s "position" encoding gives 81').
 */
export function checkFeatures(
  info: ModelInfo,
  side: "inputs" | "outputs",
  name: string,
  expected: number,
  source: string,
  path: readonly PropertyKey[],
): ParamProblem[] {
  const tensor = findTensor(info, side, name, path);
  if ("message" in tensor) return [tensor];
  if (tensor.type !== "float32") return [{ path, message: `${info.path} ${side === "inputs" ? "input" : "output"} "${name}" is ${tensor.type}; Foresight feeds and reads float32` }];
  const size = featureSize(tensor);
  if (size !== undefined && size !== expected) {
    return [{ path, message: `${info.path} ${side === "inputs" ? "input" : "output"} "${name}" has ${counted(size, "feature")} per row (shape ${JSON.stringify(tensor.shape)}) but ${source} ${expected}` }];
  }
  return [];
}

/** An environment encoding's size, or a problem naming the encodings it has. */
export function encodingFeatures(environment: Environment, encoding: string, path: readonly PropertyKey[]): number | ParamProblem {
  const spec = environment.encodings[encoding];
  if (spec) return encodingSize(spec);
  return { path, message: `"${environment.name}" has no encoding "${encoding}"; its encodings: ${Object.keys(environment.encodings).join(", ")}` };
}

/** What a node's model check works with: the model's declared inputs and outputs, the environment, the encoding's size. */
export interface ModelCheckSubject {
  info: ModelInfo;
  environment: Environment;
  features: number;
}

/**
 * Reads a model and sizes the encoding it is fed, for a node kind's `check`. Returns the problems
 * instead (at `modelPath` and `encodingPath` in the params) when either fails, and no problem
 * at all when the pipeline's environment is itself invalid (its own problems are reported).
 */
export function modelCheckSubject(
  ctx: CheckContext,
  model: string,
  encoding: string,
  modelPath: readonly PropertyKey[],
  encodingPath: readonly PropertyKey[],
): ModelCheckSubject | ParamProblem[] {
  let info: ModelInfo;
  try {
    info = ctx.modelInfo(model);
  } catch (error) {
    return [{ path: modelPath, message: (error as Error).message }];
  }
  const environment = ctx.environment;
  if (!environment) return [];
  const features = encodingFeatures(environment, encoding, encodingPath);
  return typeof features === "number" ? { info, environment, features } : [features];
}

/**
 * Stacks equally long rows into one batch for a model input: shaped as the input declares
 * (e.g. [batch, 7, 9] or [batch, 4, H, W]) when its dims are fixed, else [batch, width].
 */
export function batchFor(input: TensorInfo | undefined, rows: readonly Float32Array[]): FloatTensor {
  const width = rows[0]?.length ?? 0;
  // One row is fed as it is (an encoding is a fresh array its caller owns): a lockstep lane's state
  // is copied once, into the lanes' stacked call, not first into a batch of one.
  const data = rows.length === 1 ? rows[0]! : new Float32Array(rows.length * width);
  if (rows.length > 1) rows.forEach((row, i) => data.set(row, i * width));
  const row = rowDims(input);
  return { data, shape: row && row.size === width ? [rows.length, ...row.dims] : [rows.length, width] };
}

/** An input's dims after the batch and their product, when all are fixed; undefined when none is or any is not. */
function rowDims(input: TensorInfo | undefined): { dims: readonly number[]; size: number } | undefined {
  if (!input) return undefined;
  // Read once per input: every lockstep lane builds a batch every step, and slicing the shape each time showed in profiles.
  let row = fixedRowDims.get(input);
  if (row === undefined) {
    const dims = input.shape.slice(1);
    row = dims.length > 0 && dims.every((d): d is number => typeof d === "number") ? { dims, size: dims.reduce((a, b) => a * b, 1) } : null;
    fixedRowDims.set(input, row);
  }
  return row ?? undefined;
}

const fixedRowDims = new WeakMap<TensorInfo, { dims: readonly number[]; size: number } | null>();

/** One-hot rows for discrete actions. */
export function oneHot(indices: readonly number[], n: number): FloatTensor {
  const data = new Float32Array(indices.length * n);
  indices.forEach((index, row) => (data[row * n + index] = 1));
  return { data, shape: [indices.length, n] };
}
