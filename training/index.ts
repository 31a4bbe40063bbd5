export { Adam, type AdamOptions } from "./adam.js";
export { type BatchLoss, crossEntropyLoss, gatherRows, squaredErrorLoss } from "./batch-losses.js";
export { evaluate, fit, type FitOptions, type FitResult } from "./fit.js";
export { type LossResult, meanSquaredError, softmaxCrossEntropy, takenActionMask } from "./losses.js";
export { type DenseLayer, Mlp, type MlpJson } from "./mlp.js";
export { exportMlpToOnnx, type OnnxExportOptions, type OnnxOutput } from "./onnx-export.js";
export type { ParameterBlock, Trainable } from "./parameters.js";
