import { describe, expect, it } from "vitest";
import { pathFromPipeline } from "./model-path.js";

describe("pathFromPipeline", () => {
  it("gives a model path relative to the pipeline's folder", () => {
    expect(pathFromPipeline("examples/a.foresight.json", "assets/models/q.onnx")).toBe("../assets/models/q.onnx");
    expect(pathFromPipeline("a.foresight.json", "models/q.onnx")).toBe("models/q.onnx");
    expect(pathFromPipeline("x/y/a.foresight.json", "x/q.onnx")).toBe("../q.onnx");
    expect(pathFromPipeline("x/a.foresight.json", "x/y/q.onnx")).toBe("y/q.onnx");
    expect(pathFromPipeline("x/a.foresight.json", "x.onnx")).toBe("../x.onnx");
  });
});
