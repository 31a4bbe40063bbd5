import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readModelInfo } from "./model-info.js";
import { linearModel, modelFolder, twoHeadModel, withElementType } from "./testing/models.js";

const folder = modelFolder({
  "linear.onnx": linearModel,
  "two-head.onnx": twoHeadModel,
  "ids.onnx": withElementType(linearModel, "x", 7),
  "notes.onnx": "these are not the weights you are looking for",
  "empty.onnx": "",
});
afterAll(() => folder.remove());
const file = (name: string) => join(folder.dir, name);

describe("readModelInfo", () => {
  it("lists feeds, outputs, opset and producer, leaving out initializers listed as inputs", () => {
    expect(readModelInfo(file("linear.onnx"))).toEqual({
      path: file("linear.onnx"),
      inputs: [{ name: "x", type: "float32", shape: ["batch", 3] }],
      outputs: [{ name: "y", type: "float32", shape: ["batch", 2] }],
      opset: 17,
      producer: "foresight-test",
    });
  });

  it("reads symbolic dims as names, unknown dims as null, and every output", () => {
    const info = readModelInfo(file("two-head.onnx"));
    expect(info.inputs).toEqual([{ name: "obs", type: "float32", shape: ["batch", null, 4] }]);
    expect(info.outputs.map((output) => output.name)).toEqual(["doubled", "positive"]);
    expect(info.outputs[1]!.shape).toEqual(["batch", null, 4]);
    expect(info.opset).toBe(13);
  });

  it("names element types as onnxruntime does", () => {
    expect(readModelInfo(file("ids.onnx")).inputs[0]!.type).toBe("int64");
  });

  it("says a missing file is not found, naming it", () => {
    expect(() => readModelInfo(file("absent.onnx"))).toThrow(`ONNX model not found: ${file("absent.onnx")}`);
  });

  it("says a text file is not an ONNX model, naming it", () => {
    expect(() => readModelInfo(file("notes.onnx"))).toThrow(`${file("notes.onnx")} is not an ONNX model`);
  });

  it("says an empty file is not an ONNX model", () => {
    expect(() => readModelInfo(file("empty.onnx"))).toThrow(`${file("empty.onnx")} is not an ONNX model`);
  });
});
