import onnxProto from "onnx-proto";
import type { onnx as proto } from "onnx-proto";

// onnx-proto is CommonJS with one `module.exports` object, so Node offers it as a default export only.
const { onnx } = onnxProto;

const FLOAT32 = 1;

/** A dim of a declared shape: a fixed size, a symbolic name such as "batch", or null for unknown. */
export type GraphDim = number | string | null;

/** A float32 ONNX graph small enough to write by hand: for tests, benches and toy models. */
export interface FloatGraph {
  /** Graph inputs by name, with their declared shapes, in feed order. */
  inputs: Record<string, GraphDim[]>;
  outputs: Record<string, GraphDim[]>;
  /** Initializers by name; `values` are row-major. */
  weights?: Record<string, { shape: number[]; values: number[] }>;
  /** Operators in execution order, e.g. { op: "MatMul", inputs: ["x", "W"], outputs: ["h"] }. */
  nodes: { op: string; inputs: string[]; outputs: string[] }[];
  /** Default 17. */
  opset?: number;
  producer?: string;
}

function valueInfo([name, shape]: [string, GraphDim[]]): proto.IValueInfoProto {
  const dim = shape.map((d) => (d === null ? {} : typeof d === "string" ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: FLOAT32, shape: { dim } } } };
}

/** Encodes a float graph as the bytes of an .onnx file. */
export function encodeFloatModel(graph: FloatGraph): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: graph.producer ?? "foresight",
    opsetImport: [{ domain: "", version: graph.opset ?? 17 }],
    graph: {
      name: "graph",
      input: Object.entries(graph.inputs).map(valueInfo),
      output: Object.entries(graph.outputs).map(valueInfo),
      initializer: Object.entries(graph.weights ?? {}).map(([name, { shape, values }]) => ({
        name,
        dataType: FLOAT32,
        dims: shape,
        floatData: values,
      })),
      node: graph.nodes.map(({ op, inputs, outputs }, i) => ({ name: `${op.toLowerCase()}_${i}`, opType: op, input: inputs, output: outputs })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
