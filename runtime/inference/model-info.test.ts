import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { encodeFloatModel } from "./float-graph.js";
import { readModelInfo } from "./model-info.js";
import { linearModel, modelFolder, twoHeadModel, withElementType } from "./testing/models.js";

const folder = modelFolder({
  "linear.onnx": linearModel,
  "minus-five.onnx": encodeFloatModel({ inputs: { x: ["batch", -5] }, outputs: { y: ["batch", -5] }, nodes: [{ op: "Identity", inputs: ["x"], outputs: ["y"] }] }),
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

  it("refuses a declared dimension of -5, naming the file and tensor", () => {
    expect(() => readModelInfo(file("minus-five.onnx"))).toThrow(`${file("minus-five.onnx")} declares a dimension of -5 for "x"`);
  });
});

// The /dev/zero and named-pipe cases run against the CLI with a time limit (test/cli-hostile-inputs.test.ts):
// before the check, reading either never returned, and no in-process test can time out a synchronous read.
describe("readModelInfo on what is not a model file", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("refuses a folder without reading it", () => {
    mkdirSync(file("folder.onnx"), { recursive: true });
    expect(() => readModelInfo(file("folder.onnx"))).toThrow(`Cannot read ONNX model: ${file("folder.onnx")} is a folder, not a file`);
  });

  it("refuses a device", () => {
    expect(() => readModelInfo("/dev/null")).toThrow("Cannot read ONNX model: /dev/null is a device, not a file");
  });

  it("refuses a file over FORESIGHT_MAX_MODEL_MB, saying how to raise it", () => {
    vi.stubEnv("FORESIGHT_MAX_MODEL_MB", "0.0001");
    expect(() => readModelInfo(file("linear.onnx"))).toThrow(/linear\.onnx is \d+ bytes, over the 104 bytes limit \(model files; FORESIGHT_MAX_MODEL_MB raises it\)/);
    vi.stubEnv("FORESIGHT_MAX_MODEL_MB", "1");
    expect(readModelInfo(file("linear.onnx")).outputs).toHaveLength(1);
  });

  it("says a FORESIGHT_MAX_MODEL_MB that is not a number is wrong", () => {
    vi.stubEnv("FORESIGHT_MAX_MODEL_MB", "lots");
    expect(() => readModelInfo(file("linear.onnx"))).toThrow("FORESIGHT_MAX_MODEL_MB=lots is not a positive number of megabytes");
  });
});
