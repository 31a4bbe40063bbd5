/** Local ONNX inference: model inspection, provider choice, and a per-run session cache. */
export type { ExecutionProvider, FloatTensor, LoadedModel, ModelInfo, ModelLoader, ModelLoadOptions, TensorInfo } from "./types.js";
export { runModel } from "./types.js";
export { readModelInfo } from "./model-info.js";
export { PROVIDER_TITLES, resolveProviders, wantedProviders, type ConcreteProvider, type SupportedBackend } from "./providers.js";
export { createModelCache, DEFAULT_INTRA_OP_THREADS, type ModelCache, type ModelCacheOptions, type ModelLoadEvent } from "./model-cache.js";
export { encodeFloatModel, type FloatGraph, type GraphDim } from "./float-graph.js";
