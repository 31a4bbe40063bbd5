import onnxProto from "onnx-proto";
import type { onnx as proto } from "onnx-proto";
import { FileRefused } from "../regular-file.js";
import { readModelFile } from "./model-file.js";
import type { ModelInfo, TensorInfo } from "./types.js";

// onnx-proto is CommonJS with one `module.exports` object, so Node offers it as a default export only.
const { onnx } = onnxProto;

/** TensorProto.DataType numbers, named as onnxruntime names them (the index is the number). */
const ELEMENT_TYPES = [
  "undefined", "float32", "uint8", "int8", "uint16", "int16", "int32", "int64", "string", "bool",
  "float16", "float64", "uint32", "uint64", "complex64", "complex128", "bfloat16",
  "float8e4m3fn", "float8e4m3fnuz", "float8e5m2", "float8e5m2fnuz", "uint4", "int4", "float4e2m1",
];

/** int64 fields decode as Long objects when the `long` package is present, as plain numbers otherwise. */
type ProtoInt = number | { toNumber(): number };

function toNumber(value: ProtoInt): number {
  return typeof value === "number" ? value : value.toNumber();
}

function tensorInfo(file: string, value: proto.IValueInfoProto): TensorInfo {
  const name = value.name ?? "";
  const type = value.type;
  const tensor = type?.tensorType;
  if (!tensor) {
    // Sequences, maps and optionals have no single element type; name the kind so validation can refuse it.
    const kind = type?.sequenceType ? "sequence" : type?.mapType ? "map" : type?.optionalType ? "optional" : type?.sparseTensorType ? "sparse_tensor" : "unknown";
    return { name, type: kind, shape: [] };
  }
  const shape = (tensor.shape?.dim ?? []).map((dim) => {
    if (dim.dimParam) return dim.dimParam;
    if (dim.dimValue === null || dim.dimValue === undefined) return null;
    const size = toNumber(dim.dimValue);
    // Shapes are read to size feeds and check outputs: a negative size is a broken file, not a wildcard.
    if (size < 0) throw new Error(`${file} declares a dimension of ${size} for "${name}"; dimensions are sizes (0 or more) or names`);
    return size;
  });
  return { name, type: ELEMENT_TYPES[tensor.elemType ?? 0] ?? `type ${tensor.elemType}`, shape };
}

/**
 * Reads a model's graph inputs (initializers excluded), outputs, opset and producer
 * from the ONNX file, synchronously and without an onnxruntime session, so pipeline
 * validation can check wiring before anything runs.
 */
export function readModelInfo(file: string): ModelInfo {
  let bytes: Buffer;
  try {
    bytes = readModelFile(file);
  } catch (error) {
    if (error instanceof FileRefused) throw new Error(`Cannot read ONNX model: ${error.message}`, { cause: error });
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === "ENOENT" ? `ONNX model not found: ${file}` : `Cannot read ONNX model ${file}: ${(error as Error).message}`, { cause: error });
  }
  let model: proto.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new Error(`${file} is not an ONNX model (${(error as Error).message})`, { cause: error });
  }
  // Protobuf decodes many byte strings (an empty file included) into an empty message; a model has a graph and an IR version.
  const graph = model.graph;
  if (!graph || !model.irVersion || toNumber(model.irVersion) <= 0) {
    throw new Error(`${file} is not an ONNX model (no graph in it)`);
  }
  // Before IR version 4, initializers had to be listed as graph inputs too; they are weights, not feeds.
  const initializers = new Set((graph.initializer ?? []).map((tensor) => tensor.name));
  const defaultOpset = model.opsetImport.find((entry) => !entry.domain || entry.domain === "ai.onnx");
  const info: ModelInfo = {
    path: file,
    inputs: (graph.input ?? []).filter((value) => !initializers.has(value.name)).map((value) => tensorInfo(file, value)),
    outputs: (graph.output ?? []).map((value) => tensorInfo(file, value)),
  };
  if (defaultOpset?.version !== null && defaultOpset?.version !== undefined) info.opset = toNumber(defaultOpset.version);
  const producer = [model.producerName, model.producerVersion].filter(Boolean).join(" ");
  if (producer) info.producer = producer;
  const metadata = model.metadataProps ?? [];
  if (metadata.length > 0) info.metadata = Object.fromEntries(metadata.map(({ key, value }) => [key ?? "", value ?? ""]));
  return info;
}
