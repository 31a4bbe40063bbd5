import onnxProto from "onnx-proto";
import type { Mlp } from "./mlp.js";

const { onnx } = onnxProto;

/** One named graph output: columns [start, end) of the net's last layer, optionally through softmax. */
export interface OnnxOutput {
  name: string;
  /** First column, inclusive; default 0. */
  start?: number;
  /** Last column, exclusive; default the net's output size. */
  end?: number;
  /** "softmax" normalises the output's columns into probabilities per row; default "none". */
  activation?: "softmax" | "none";
}

/** How to name and cut the exported graph. */
export interface OnnxExportOptions {
  /** The one float32 input, shaped [batch, inputSize] with a symbolic batch dimension. */
  inputName: string;
  /**
   * Instead of the one input: several float32 inputs [batch, width], concatenated (in this order)
   * into the net's input — a Q(s, a) model takes the state and the action as inputs of their own.
   * Their widths must add up to the net's input size; `inputName` is then not used.
   */
  concatInputs?: readonly { name: string; width: number }[];
  /**
   * With `concatInputs` of two, [state, action]: the state is also cut into `rows` rows of the
   * action's width, and each row times the action (elementwise) is concatenated after the two —
   * the features `pairFeatures` (tasks/pair-features.ts) computes for training.
   */
  rowProducts?: number;
  /** At least one; each becomes a float32 graph output [batch, end - start]. */
  outputs: readonly OnnxOutput[];
  graphName?: string;
  docString?: string;
}

const OPSET = 17;
const IR_VERSION = 8;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

/**
 * Serialises `model` as an ONNX model (opset 17, IR 8). Layer l becomes Gemm(x, layerL.weight,
 * layerL.bias) — weights [in, out] as stored, no transpose — followed by Relu unless it is the
 * last layer. Each output is a Slice of the last layer's columns (when it covers fewer than all),
 * then Softmax if asked. Returns the encoded bytes.
 */
export function exportMlpToOnnx(model: Mlp, options: OnnxExportOptions): Uint8Array {
  const outputs = resolveOutputs(options.outputs, model.outputSize);
  const nodes: onnxProto.onnx.INodeProto[] = [];
  const initializers: onnxProto.onnx.ITensorProto[] = [];
  // A single untouched output takes the last Gemm's result directly, with no Identity node.
  const direct = outputs.length === 1 && outputs[0]!.start === 0 && outputs[0]!.end === model.outputSize && outputs[0]!.activation === "none";

  const inputs = options.concatInputs ?? [{ name: options.inputName, width: model.inputSize }];
  const products = rowProductNodes(options, nodes, initializers);
  const total = inputs.reduce((sum, input) => sum + input.width, 0) + products.width;
  if (total !== model.inputSize) throw new Error(`the inputs hold ${total} features per row; the net takes ${model.inputSize}`);
  let current = inputs[0]!.name;
  if (options.concatInputs) {
    current = "inputs.concat";
    nodes.push({ opType: "Concat", name: current, input: [...inputs.map((input) => input.name), ...products.names], output: [current], attribute: [intAttribute("axis", 1)] });
  }
  const last = model.layers.length - 1;
  model.layers.forEach((layer, l) => {
    const weight = `layer${l}.weight`;
    const bias = `layer${l}.bias`;
    initializers.push(floatTensor(weight, [layer.inputSize, layer.outputSize], layer.weights.values));
    initializers.push(floatTensor(bias, [layer.outputSize], layer.biases.values));
    const linear = l === last ? (direct ? outputs[0]!.name : "logits") : `layer${l}.linear`;
    nodes.push({ opType: "Gemm", name: `layer${l}.gemm`, input: [current, weight, bias], output: [linear] });
    current = linear;
    if (l < last) {
      const activated = `layer${l}.relu`;
      nodes.push({ opType: "Relu", name: activated, input: [linear], output: [activated] });
      current = activated;
    }
  });

  if (!direct) for (const output of outputs) nodes.push(...outputNodes(output, current, model.outputSize, initializers));

  const graph: onnxProto.onnx.IGraphProto = {
    name: options.graphName ?? "foresight_mlp",
    node: nodes,
    initializer: initializers,
    input: inputs.map((input) => floatValueInfo(input.name, input.width)),
    output: outputs.map((output) => floatValueInfo(output.name, output.end - output.start)),
  };
  if (options.docString) graph.docString = options.docString;
  checkUniqueNames([...inputs.map((input) => input.name), ...initializers.map((t) => t.name!), ...nodes.flatMap((n) => n.output!)]);

  return onnx.ModelProto.encode({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: "", version: OPSET }],
    producerName: "foresight",
    graph,
  }).finish();
}

/** Slice and Mul nodes for `rowProducts`: each state row times the action; their names and total width. */
function rowProductNodes(options: OnnxExportOptions, nodes: onnxProto.onnx.INodeProto[], initializers: onnxProto.onnx.ITensorProto[]): { names: string[]; width: number } {
  const rows = options.rowProducts ?? 0;
  if (rows === 0) return { names: [], width: 0 };
  const [state, action] = options.concatInputs ?? [];
  if (!state || !action || options.concatInputs!.length !== 2) throw new Error("rowProducts needs concatInputs of two: the state, then the action");
  if (state.width !== rows * action.width) throw new Error(`rowProducts: the state's ${state.width} features are not ${rows} rows of the action's ${action.width}`);
  const names: string[] = [];
  initializers.push(int64Tensor("pair.axes", [1]));
  for (let r = 0; r < rows; r++) {
    const [starts, ends, row, product] = [`pair.row${r}.starts`, `pair.row${r}.ends`, `pair.row${r}`, `pair.product${r}`];
    initializers.push(int64Tensor(starts, [r * action.width]), int64Tensor(ends, [(r + 1) * action.width]));
    nodes.push({ opType: "Slice", name: `${row}.slice`, input: [state.name, starts, ends, "pair.axes"], output: [row] });
    nodes.push({ opType: "Mul", name: `${product}.mul`, input: [row, action.name], output: [product] });
    names.push(product);
  }
  return { names, width: rows * action.width };
}

type ResolvedOutput = Required<OnnxOutput>;

function resolveOutputs(outputs: readonly OnnxOutput[], width: number): ResolvedOutput[] {
  if (outputs.length === 0) throw new Error("an ONNX export needs at least one output");
  return outputs.map((output, index) => {
    const resolved = { start: 0, end: width, activation: "none" as const, ...output };
    const { name, start, end } = resolved;
    if (!name) throw new Error(`outputs[${index}] has no name`);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > width || start >= end) {
      throw new Error(`output "${name}" takes columns [${start}, ${end}); the net has ${width} output columns, so 0 ≤ start < end ≤ ${width}`);
    }
    return resolved;
  });
}

/** Slice (if the output is a strict column range), then Softmax (if asked); Identity if neither. */
function outputNodes(output: ResolvedOutput, source: string, width: number, initializers: onnxProto.onnx.ITensorProto[]): onnxProto.onnx.INodeProto[] {
  const { name, start, end, activation } = output;
  const nodes: onnxProto.onnx.INodeProto[] = [];
  let current = source;
  if (start > 0 || end < width) {
    const sliced = activation === "softmax" ? `${name}.logits` : name;
    const [starts, ends, axes] = [`${name}.starts`, `${name}.ends`, `${name}.axes`];
    initializers.push(int64Tensor(starts, [start]), int64Tensor(ends, [end]), int64Tensor(axes, [1]));
    nodes.push({ opType: "Slice", name: `${name}.slice`, input: [current, starts, ends, axes], output: [sliced] });
    current = sliced;
  }
  if (activation === "softmax") {
    nodes.push({ opType: "Softmax", name: `${name}.softmax`, input: [current], output: [name], attribute: [intAttribute("axis", 1)] });
  } else if (current === source) {
    nodes.push({ opType: "Identity", name: `${name}.identity`, input: [current], output: [name] });
  }
  return nodes;
}

function checkUniqueNames(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new Error(`the ONNX graph would name two values "${name}"; pick input and output names that differ from each other and from layer<N>.* and logits`);
    seen.add(name);
  }
}

function floatValueInfo(name: string, features: number): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: "batch" }, { dimValue: features }] } } },
  };
}

/** ONNX raw_data is little-endian whatever the host's byte order. */
function floatTensor(name: string, dims: number[], values: Float32Array): onnxProto.onnx.ITensorProto {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, k) => view.setFloat32(k * 4, value, true));
  return { name, dims, dataType: FLOAT, rawData: bytes };
}

function int64Tensor(name: string, values: number[]): onnxProto.onnx.ITensorProto {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((value, k) => view.setBigInt64(k * 8, BigInt(value), true));
  return { name, dims: [values.length], dataType: INT64, rawData: bytes };
}

function intAttribute(name: string, value: number): onnxProto.onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i: value };
}
