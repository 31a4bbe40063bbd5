import type { ModelInfo } from "../../protocol/files.js";

/**
 * What the engine and node kinds see of local ONNX inference: a model's declared
 * inputs and outputs, a loaded model that runs float tensors, and the loader hosts
 * hand to nodes. Nothing here names onnxruntime, so nodes depend on this contract only.
 */

/** Which accelerator a model should run on; "auto" picks the best one this machine has. */
export type ExecutionProvider = "auto" | "cpu" | "cuda" | "dml" | "coreml";

// What a model declares is shared with the editor (its model picker), so it lives in protocol/;
// here `path` is the file as read (absolute).
export type { ModelInfo, TensorInfo } from "../../protocol/files.js";

/** A dense float32 tensor in row-major order; `data.length` is the product of `shape`. */
export interface FloatTensor {
  data: Float32Array;
  shape: number[];
}

/** A model ready to run; shared by every node that loaded the same file with the same options. */
export interface LoadedModel {
  info: ModelInfo;
  /** The execution provider actually used, e.g. "cpu" when CUDA was asked for but is missing. */
  provider: string;
  /** Why the provider differs from the one asked for, in words a user can act on. */
  note?: string;
  /** Runs the model on named inputs and returns every output by name. */
  run(feeds: Record<string, FloatTensor>): Promise<Record<string, FloatTensor>>;
  /**
   * The same, answered at once on this thread, where the model can: a serial run's step then
   * allocates no promise. Absent where calls wait to be batched (lockstep lanes' models).
   */
  runNow?(feeds: Record<string, FloatTensor>): Record<string, FloatTensor>;
}

/** Runs `model` at once when it can, else as it answers (runtime/engine: a synchronous step stays synchronous). */
export function runModel(model: LoadedModel, feeds: Record<string, FloatTensor>): Record<string, FloatTensor> | Promise<Record<string, FloatTensor>> {
  return model.runNow ? model.runNow(feeds) : model.run(feeds);
}

/** How to load a model. */
export interface ModelLoadOptions {
  provider: ExecutionProvider;
  /** Threads one inference may use; leave out for the default chosen for small models. */
  intraOpThreads?: number;
}

/** The host's ability to read and load models; paths are relative to the pipeline folder. */
export interface ModelLoader {
  /** Reads a model's inputs and outputs synchronously, for validation before a run. */
  info(path: string): ModelInfo;
  load(path: string, options: ModelLoadOptions): Promise<LoadedModel>;
}
