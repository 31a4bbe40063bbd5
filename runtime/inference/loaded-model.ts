import { Tensor } from "onnxruntime-node";
import type { OrtSession } from "./native-session.js";
import type { FloatTensor, LoadedModel, ModelInfo, TensorInfo } from "./types.js";

function formatShape(shape: readonly (number | string | null)[]): string {
  return `[${shape.map((dim) => dim ?? "?").join(", ")}]`;
}

function listTensors(tensors: [string, readonly (number | string | null)[]][]): string {
  return tensors.length === 0 ? "nothing" : tensors.map(([name, shape]) => `"${name}" ${formatShape(shape)}`).join(", ");
}

/** Why the feeds do not fit the model's inputs, naming both sides; undefined when they fit. */
function feedMismatch(file: string, inputs: readonly TensorInfo[], feeds: Record<string, FloatTensor>): string | undefined {
  const given = Object.entries(feeds);
  const missing = inputs.filter((input) => !Object.hasOwn(feeds, input.name)).map((input) => `"${input.name}"`);
  const unknown = given.filter(([name]) => !inputs.some((input) => input.name === name)).map(([name]) => `"${name}"`);
  if (missing.length > 0 || unknown.length > 0) {
    const problems = [missing.length > 0 ? `missing ${missing.join(", ")}` : "", unknown.length > 0 ? `not inputs of the model: ${unknown.join(", ")}` : ""];
    const givenList = listTensors(given.map(([name, tensor]) => [name, tensor.shape]));
    // Written only for the error: on every call it cost more than the check.
    const expected = listTensors(inputs.map((input) => [input.name, input.shape]));
    return `${file}: wrong inputs (${problems.filter(Boolean).join("; ")}); the model expects ${expected}, was given ${givenList}`;
  }
  for (const input of inputs) {
    const { data, shape } = feeds[input.name]!;
    const size = shape.reduce((product, dim) => product * dim, 1);
    if (data.length !== size) {
      return `${file}: input "${input.name}" has shape ${formatShape(shape)} (${size} values) but ${data.length} values`;
    }
    // Symbolic and unknown dims take any size; fixed ones must match.
    const fits = shape.length === input.shape.length && input.shape.every((dim, i) => typeof dim !== "number" || dim === shape[i]);
    if (!fits) {
      return `${file}: input "${input.name}" has shape ${formatShape(shape)} but the model expects ${formatShape(input.shape)}`;
    }
  }
  return undefined;
}

/** The size each named dimension of the inputs took in this call, e.g. { batch: 16 }. */
function boundDims(inputs: readonly TensorInfo[], feeds: Record<string, FloatTensor>): Map<string, number> {
  const bound = new Map<string, number>();
  for (const input of inputs) {
    input.shape.forEach((dim, i) => {
      if (typeof dim === "string" && !bound.has(dim)) bound.set(dim, feeds[input.name]!.shape[i]!);
    });
  }
  return bound;
}

/**
 * Why an output's actual shape breaks what the model declares: a fixed dim of another size, a
 * named dim (e.g. "batch") of another size than the inputs gave it, or another rank. Readers size
 * their rows from the declared shape, so a model that declares [batch, 4] and returns [batch, 3]
 * would otherwise have its values read misaligned, without an error. An output declared without
 * any dims (the file may not say) is not checked.
 */
function outputMismatch(file: string, declared: TensorInfo | undefined, shape: readonly number[], bound: ReadonlyMap<string, number>): string | undefined {
  if (!declared || declared.shape.length === 0) return undefined;
  const fits =
    shape.length === declared.shape.length &&
    declared.shape.every((dim, i) => (typeof dim === "number" ? dim === shape[i] : typeof dim === "string" && bound.has(dim) ? bound.get(dim) === shape[i] : true));
  if (fits) return undefined;
  const names = [...new Set(declared.shape.filter((dim): dim is string => typeof dim === "string" && bound.has(dim)))];
  const given = names.length > 0 ? ` (the inputs give ${names.map((dim) => `${dim} = ${bound.get(dim)}`).join(", ")})` : "";
  return `${file}: output "${declared.name}" has shape ${formatShape(shape)}, but the model declares ${formatShape(declared.shape)}${given}; its values cannot be read as declared`;
}

/** Output types whose values read exactly enough as float32 for scores and indices (an argmax, a count). */
const NUMERIC_OUTPUTS = new Set(["float64", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "bool"]);

function toFloatTensor(file: string, name: string, value: unknown): FloatTensor {
  if (!(value instanceof Tensor)) throw new Error(`${file}: output "${name}" is not a tensor`);
  const shape = [...value.dims];
  if (value.data instanceof Float32Array) return { data: value.data, shape };
  // float16 arrives as raw bits in a Uint16Array, so only types whose array holds the values convert.
  if (!NUMERIC_OUTPUTS.has(value.type)) throw new Error(`${file}: output "${name}" is ${value.type}; Foresight reads float32 and integer outputs only`);
  return { data: Float32Array.from(value.data as ArrayLike<number | bigint>, Number), shape };
}

/** Throws unless every input is float32: the pipeline has only float tensors to feed. */
export function requireFloatInputs(info: ModelInfo): void {
  const notFloat = info.inputs.filter((input) => input.type !== "float32");
  if (notFloat.length > 0) {
    const list = notFloat.map((input) => `"${input.name}" is ${input.type}`).join(", ");
    throw new Error(`${info.path}: Foresight feeds float32 inputs only, but input ${list}`);
  }
}

/**
 * Wraps a session as a LoadedModel that runs float tensors, checking feeds against the
 * model's declared inputs first so a wiring mistake names the file and both shapes.
 */
export function createLoadedModel(session: OrtSession, info: ModelInfo, provider: string, note?: string): LoadedModel {
  const file = info.path;
  const runNow = (feeds: Record<string, FloatTensor>): Record<string, FloatTensor> => {
    const mismatch = feedMismatch(file, info.inputs, feeds);
    if (mismatch) throw new Error(mismatch);
    const ortFeeds: Record<string, Tensor> = {};
    for (const [name, { data, shape }] of Object.entries(feeds)) ortFeeds[name] = new Tensor("float32", data, shape);
    let results: Record<string, unknown>;
    try {
      results = session.run(ortFeeds);
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message.trim()}`, { cause: error });
    }
    // Checked on every call: a few comparisons per output, and a shape can depend on the feeds.
    const bound = boundDims(info.inputs, feeds);
    const outputs: Record<string, FloatTensor> = {};
    for (const [name, value] of Object.entries(results)) {
      const tensor = toFloatTensor(file, name, value);
      const mismatch = outputMismatch(file, info.outputs.find((output) => output.name === name), tensor.shape, bound);
      if (mismatch) throw new Error(mismatch);
      outputs[name] = tensor;
    }
    return outputs;
  };
  return {
    info,
    provider,
    ...(note === undefined ? {} : { note }),
    runNow,
    run: async (feeds) => runNow(feeds),
  };
}
