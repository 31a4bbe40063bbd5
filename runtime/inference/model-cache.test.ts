import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { encodeFloatModel } from "./float-graph.js";
import { createModelCache, type ModelCache, type ModelLoadEvent } from "./model-cache.js";
import { linearModel, modelFolder, shapeModel, twoHeadModel, withElementType } from "./testing/models.js";

const folder = modelFolder({
  "linear.onnx": linearModel,
  "two-head.onnx": twoHeadModel,
  "shape.onnx": shapeModel,
  "ids.onnx": withElementType(shapeModel, "obs", 7),
  "unknown-op.onnx": encodeFloatModel({ inputs: { x: [1] }, outputs: { y: [1] }, nodes: [{ op: "NoSuchOp", inputs: ["x"], outputs: ["y"] }] }),
  "notes.onnx": "not a model",
  // Declares 4 values per row and returns the 3 it was fed: readers would take rows 4 apart.
  "says-four-gives-three.onnx": encodeFloatModel({ inputs: { x: ["batch", 3] }, outputs: { q: ["batch", 4] }, nodes: [{ op: "Identity", inputs: ["x"], outputs: ["q"] }] }),
  // Declares its output batch to be the input's and returns one row whatever it is fed.
  "one-row.onnx": encodeFloatModel({
    inputs: { x: ["batch", 2] },
    outputs: { mean: ["batch", 1] },
    nodes: [{ op: "ReduceMean", inputs: ["x"], outputs: ["mean"] }],
    opset: 13,
  }),
  "named-axis.onnx": encodeFloatModel({
    inputs: { x: ["batch", "features"] },
    outputs: { y: ["batch", 2] },
    weights: { W: { shape: [3, 2], values: [1, 2, 3, 4, 5, 6] } },
    nodes: [{ op: "MatMul", inputs: ["x", "W"], outputs: ["y"] }],
  }),
});
afterAll(() => folder.remove());

let cache: ModelCache | undefined;
let loads: ModelLoadEvent[] = [];
function newCache(): ModelCache {
  loads = [];
  cache = createModelCache({ pipelineDir: folder.dir, onLoad: (event) => loads.push(event) });
  return cache;
}
afterEach(async () => {
  await cache?.dispose();
  cache = undefined;
});

const tensor = (shape: number[], values: number[]) => ({ data: Float32Array.from(values), shape });

describe("a model cache", () => {
  it("runs y = x·W + b to the exact numbers, on CPU when asked for CPU", async () => {
    const model = await newCache().load("linear.onnx", { provider: "cpu" });
    const { y } = await model.run({ x: tensor([2, 3], [1, 1, 1, 1, 0, 2]) });
    expect(y).toEqual({ data: Float32Array.from([9.5, 11, 11.5, 13]), shape: [2, 2] });
    expect(model.provider).toBe("cpu");
    expect(model.note).toBeUndefined();
    expect(model.info.inputs.map((input) => input.name)).toEqual(["x"]);
  });

  it("loads a model whose feature axis is named, without guessing its size for the warm-up", async () => {
    const model = await newCache().load("named-axis.onnx", { provider: "cpu" });
    const { y } = await model.run({ x: tensor([1, 3], [1, 0, 1]) });
    expect(y!.data).toEqual(Float32Array.from([6, 8]));
  });

  it("returns every output by name", async () => {
    const model = await newCache().load("two-head.onnx", { provider: "cpu" });
    const out = await model.run({ obs: tensor([1, 1, 4], [-1, 2, -3, 4]) });
    expect(out["doubled"]!.data).toEqual(Float32Array.from([-2, 4, -6, 8]));
    expect(out["positive"]!.data).toEqual(Float32Array.from([0, 2, 0, 4]));
  });

  it("reads an int64 output as floats", async () => {
    const model = await newCache().load("shape.onnx", { provider: "cpu" });
    expect((await model.run({ obs: tensor([2, 3], [1, 2, 3, 4, 5, 6]) }))["dims"]).toEqual({ data: Float32Array.from([2, 3]), shape: [2] });
  });

  it("shares one session between loads of the same file and options, and reports the load once", async () => {
    const models = newCache();
    const [first, second] = await Promise.all([
      models.load("linear.onnx", { provider: "cpu", intraOpThreads: 1 }),
      models.load(join(folder.dir, "linear.onnx"), { provider: "cpu", intraOpThreads: 1 }),
    ]);
    const third = await models.load("./linear.onnx", { provider: "cpu", intraOpThreads: 1 });
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(loads).toHaveLength(1);
    expect(loads[0]).toMatchObject({ path: join(folder.dir, "linear.onnx"), requested: "cpu", provider: "cpu" });
    expect(loads[0]!.ms).toBeGreaterThan(0);
  });

  it("opens a separate session for a different thread count", async () => {
    const models = newCache();
    const one = await models.load("linear.onnx", { provider: "cpu", intraOpThreads: 1 });
    const two = await models.load("linear.onnx", { provider: "cpu", intraOpThreads: 2 });
    expect(two).not.toBe(one);
    expect(loads).toHaveLength(2);
  });

  it("opens new sessions after dispose", async () => {
    const models = newCache();
    await models.load("linear.onnx", { provider: "cpu" });
    await models.dispose();
    await models.load("linear.onnx", { provider: "cpu" });
    expect(loads).toHaveLength(2);
  });

  it("falls back to CPU when CUDA is asked for but not installed, saying so", async (ctx) => {
    const model = await newCache().load("linear.onnx", { provider: "cuda" });
    // A machine with onnxruntime's CUDA download and a GPU really runs on CUDA; nothing to fall back from.
    if (model.provider === "cuda") ctx.skip();
    expect(model.provider).toBe("cpu");
    expect(model.note).toMatch(/^CUDA execution provider not available \(.+\); running on CPU\. See README "GPU"/);
    expect(loads[0]).toMatchObject({ requested: "cuda", provider: "cpu", note: model.note });
    expect((await model.run({ x: tensor([1, 3], [1, 1, 1]) }))["y"]!.data).toEqual(Float32Array.from([9.5, 11]));
  });

  it("falls back to CPU when the build has no such provider", async (ctx) => {
    if (process.platform === "win32") ctx.skip();
    const model = await newCache().load("linear.onnx", { provider: "dml" });
    expect(model.provider).toBe("cpu");
    expect(model.note).toBe("DirectML execution provider not available (not included in this onnxruntime-node build); running on CPU.");
  });

  it("names the file and both sides when an input name is wrong", async () => {
    const model = await newCache().load("linear.onnx", { provider: "cpu" });
    const run = model.run({ obs: tensor([1, 3], [1, 2, 3]) });
    await expect(run).rejects.toThrow(join(folder.dir, "linear.onnx"));
    await expect(run).rejects.toThrow('missing "x"; not inputs of the model: "obs"); the model expects "x" [batch, 3], was given "obs" [1, 3]');
  });

  it("names the file and both shapes when the feature size is wrong", async () => {
    const model = await newCache().load("linear.onnx", { provider: "cpu" });
    await expect(model.run({ x: tensor([1, 49], new Array(49).fill(0)) })).rejects.toThrow(
      `${join(folder.dir, "linear.onnx")}: input "x" has shape [1, 49] but the model expects [batch, 3]`,
    );
  });

  it("refuses a shape that does not match the data", async () => {
    const model = await newCache().load("linear.onnx", { provider: "cpu" });
    await expect(model.run({ x: tensor([2, 3], [1, 2, 3]) })).rejects.toThrow('input "x" has shape [2, 3] (6 values) but 3 values');
  });

  it("refuses a model whose inputs are not float32", async () => {
    await expect(newCache().load("ids.onnx", { provider: "cpu" })).rejects.toThrow('feeds float32 inputs only, but input "obs" is int64');
  });

  it("says a missing model is not found, and a text file is not a model", async () => {
    const models = newCache();
    await expect(models.load("absent.onnx", { provider: "cpu" })).rejects.toThrow(`ONNX model not found: ${join(folder.dir, "absent.onnx")}`);
    expect(() => models.info("absent.onnx")).toThrow("ONNX model not found");
    await expect(models.load("notes.onnx", { provider: "cpu" })).rejects.toThrow(`${join(folder.dir, "notes.onnx")} is not an ONNX model`);
    expect(loads).toHaveLength(0);
  });

  it("passes on onnxruntime's reason when it cannot load a model", async () => {
    await expect(newCache().load("unknown-op.onnx", { provider: "cpu" })).rejects.toThrow(
      `onnxruntime cannot load ${join(folder.dir, "unknown-op.onnx")}: `,
    );
  });

  it("reads model info relative to the pipeline folder", () => {
    expect(newCache().info("two-head.onnx").outputs.map((output) => output.name)).toEqual(["doubled", "positive"]);
  });

  it("refuses an output whose shape is not the declared one, at the first call (the warm-up), naming the file and tensor", async () => {
    await expect(newCache().load("says-four-gives-three.onnx", { provider: "cpu" })).rejects.toThrow(
      `${join(folder.dir, "says-four-gives-three.onnx")}: output "q" has shape [1, 3], but the model declares [batch, 4] (the inputs give batch = 1)`,
    );
  });

  it("refuses an output whose named batch dim differs from the inputs'", async () => {
    // The warm-up feeds one row, where one row is right; a batch of 3 shows the lie.
    const model = await newCache().load("one-row.onnx", { provider: "cpu" });
    await expect(model.run({ x: tensor([3, 2], [1, 2, 3, 4, 5, 6]) })).rejects.toThrow(
      'output "mean" has shape [1, 1], but the model declares [batch, 1] (the inputs give batch = 3)',
    );
  });
});
