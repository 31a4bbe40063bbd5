import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import onnxProto from "onnx-proto";
import { encodeFloatModel } from "../float-graph.js";

const { onnx } = onnxProto;

/**
 * y = x·W + b with W = [[1, 2], [3, 4], [5, 6]] and b = [0.5, -1]: every product is exact
 * in float32, so tests can compare outputs with toEqual. W is also listed as a graph
 * input, as exporters before IR version 4 did; it must not count as a feed.
 */
export const linearModel = encodeFloatModel({
  inputs: { x: ["batch", 3], W: [3, 2] },
  outputs: { y: ["batch", 2] },
  weights: { W: { shape: [3, 2], values: [1, 2, 3, 4, 5, 6] }, b: { shape: [2], values: [0.5, -1] } },
  nodes: [
    { op: "MatMul", inputs: ["x", "W"], outputs: ["xW"] },
    { op: "Add", inputs: ["xW", "b"], outputs: ["y"] },
  ],
  producer: "foresight-test",
});

/** Two outputs from one input with a symbolic batch dim and an unknown dim: doubled = obs + obs, positive = relu(obs). */
export const twoHeadModel = encodeFloatModel({
  inputs: { obs: ["batch", null, 4] },
  outputs: { doubled: ["batch", null, 4], positive: ["batch", null, 4] },
  nodes: [
    { op: "Add", inputs: ["obs", "obs"], outputs: ["doubled"] },
    { op: "Relu", inputs: ["obs"], outputs: ["positive"] },
  ],
  opset: 13,
});

/** Rewrites the element type of a named graph input or output (7 = int64), for types the float builder does not write. */
export function withElementType(model: Uint8Array, name: string, elemType: number): Uint8Array {
  const decoded = onnx.ModelProto.decode(model);
  for (const value of [...(decoded.graph?.input ?? []), ...(decoded.graph?.output ?? [])]) {
    if (value.name === name && value.type?.tensorType) value.type.tensorType.elemType = elemType;
  }
  return onnx.ModelProto.encode(decoded).finish();
}

/** The shape of obs as an int64 tensor: an output that is not float32. */
export const shapeModel = withElementType(
  encodeFloatModel({ inputs: { obs: ["batch", 3] }, outputs: { dims: [2] }, nodes: [{ op: "Shape", inputs: ["obs"], outputs: ["dims"] }] }),
  "dims",
  7,
);

/** A temporary folder of model files; `remove()` deletes it. */
export function modelFolder(files: Record<string, Uint8Array | string>): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "foresight-inference-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
