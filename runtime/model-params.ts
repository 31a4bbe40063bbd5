import { z } from "zod";
import type { ModelLoadOptions } from "./inference/types.js";

/**
 * The param naming a node's model file, `what` the model is for ("the .onnx Q-model"): left out (a
 * variant switched to "onnx"), it is "required: what", not zod's "expected string, received undefined".
 * Marked `modelPath` so a host can find every file a pipeline names from the kinds' schemas and
 * check it before anything reads it (serve's root).
 */
export function modelPathParam(what: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `is required: ${what}` : undefined) })
    .min(1)
    .meta({ modelPath: true })
    .describe("Path of the .onnx file, relative to the pipeline file");
}

/** Params every ONNX-backed node variant shares: where it runs. Spread into the variant's schema. */
export const modelRuntimeParams = {
  provider: z
    .enum(["auto", "cpu", "cuda", "dml", "coreml"])
    .default("auto")
    .describe("Execution provider; auto picks CUDA (Linux/Windows), DirectML (Windows) or CoreML (macOS) when present, else CPU"),
  threads: z
    .number()
    .int()
    .min(0)
    .max(256)
    .default(1)
    .describe("Threads one inference call may use; 1 is fastest for small models (npm run bench), 0 lets ONNX Runtime choose"),
};

/** The load options those params describe. */
export function loadOptions(params: { provider: ModelLoadOptions["provider"]; threads: number }): ModelLoadOptions {
  return { provider: params.provider, intraOpThreads: params.threads };
}
