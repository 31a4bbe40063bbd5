import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { encodeFloatModel } from "../runtime/inference/float-graph.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { tempDir } from "./fixtures/foresight-process.js";

// Models on the shopping task are checked against its `bow` encoding ([2, 256] = 512 features) before any
// run, as GridWorld's are against theirs (test/onnx-validation.test.ts).

/** Q(s, a) = s·0 + a·0 over a state input and an action input of the given widths. */
function pairModel(stateWidth: number, actionWidth: number): Uint8Array {
  return encodeFloatModel({
    inputs: { observation: ["batch", stateWidth], action: ["batch", actionWidth] },
    outputs: { q: ["batch", 1] },
    weights: { Ws: { shape: [stateWidth, 1], values: new Array<number>(stateWidth).fill(0) }, Wa: { shape: [actionWidth, 1], values: new Array<number>(actionWidth).fill(0) } },
    nodes: [
      { op: "MatMul", inputs: ["observation", "Ws"], outputs: ["qs"] },
      { op: "MatMul", inputs: ["action", "Wa"], outputs: ["qa"] },
      { op: "Add", inputs: ["qs", "qa"], outputs: ["q"] },
    ],
  });
}

function linearModel(input: string, inputWidth: number, output: string, outputWidth: number): Uint8Array {
  return encodeFloatModel({
    inputs: { [input]: ["batch", inputWidth] },
    outputs: { [output]: ["batch", outputWidth] },
    weights: { W: { shape: [inputWidth, outputWidth], values: new Array<number>(inputWidth * outputWidth).fill(0) } },
    nodes: [{ op: "MatMul", inputs: [input, "W"], outputs: [output] }],
  });
}

/** shopping-scripted with an ONNX Q-scorer between the sampler and the executor. */
function withQScorer(params: Record<string, unknown>) {
  const doc = JSON.parse(readFileSync("examples/shopping-scripted.foresight.json", "utf8"));
  doc.nodes.push({ id: "q", kind: "q-scorer", params: { variant: "onnx", stateInput: "observation", output: "q", ...params } });
  const edge = doc.edges.find((e: { to: string }) => e.to === "executor.candidates");
  doc.edges.push({ from: edge.from, to: "q.candidates" }, { from: "env.environment", to: "q.environment" });
  edge.from = "q.candidates";
  return doc;
}

describe("models on the shopping task, checked against its encodings at validation", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir("shop-onnx-validate");
    writeFileSync(join(dir, "narrow.onnx"), linearModel("observation", 100, "q", 1));
    writeFileSync(join(dir, "bow.onnx"), linearModel("observation", 512, "q", 1));
    writeFileSync(join(dir, "pair.onnx"), pairModel(512, 256));
    writeFileSync(join(dir, "pair-narrow-action.onnx"), pairModel(512, 100));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const problems = (doc: unknown) => {
    const result = validatePipeline(doc, builtinRegistry(), { pipelineDir: dir });
    return result.ok ? [] : result.problems.map((p) => `${p.pointer}: ${p.message}`);
  };

  it("refuses a model whose input size is not the bow encoding's 512, naming both", () => {
    expect(problems(withQScorer({ model: "narrow.onnx", encoding: "bow", form: "q-sa" }))).toEqual([
      expect.stringMatching(/^\/nodes\/5\/params\/stateInput: .*input "observation" has 100 features per row .* "bow" encoding gives 512$/),
      expect.stringMatching(/^\/nodes\/5\/params\/actionInput: .*has no input "action"; its inputs: "observation" \["batch",100\]$/),
    ]);
  });

  it("refuses an encoding the shop does not offer, listing the one it has", () => {
    expect(problems(withQScorer({ model: "bow.onnx", encoding: "position" }))).toEqual([
      expect.stringMatching(/^\/nodes\/5\/params\/encoding: "shopping" has no encoding "position"; its encodings: bow$/),
    ]);
  });

  it("accepts a Q(s, a) model over the bow state and the bow action encoding", () => {
    expect(problems(withQScorer({ model: "pair.onnx", encoding: "bow", form: "q-sa", actionInput: "action", actionEncoding: "bow" }))).toEqual([]);
  });

  it("refuses an action input that is not the bow action encoding's 256, naming both", () => {
    expect(problems(withQScorer({ model: "pair-narrow-action.onnx", encoding: "bow", form: "q-sa" }))).toEqual([
      expect.stringMatching(/^\/nodes\/5\/params\/actionInput: .*input "action" has 100 features per row .* "bow" action encoding gives 256$/),
    ]);
  });

  it("refuses an action encoding the shop does not offer, listing the one it has", () => {
    expect(problems(withQScorer({ model: "pair.onnx", encoding: "bow", form: "q-sa", actionEncoding: "onehot" }))).toEqual([
      '/nodes/5/params/actionEncoding: "shopping" has no action encoding "onehot"; its action encodings: bow',
    ]);
  });

  it("says before any run that only the q-sa form can score text actions", () => {
    expect(problems(withQScorer({ model: "bow.onnx", encoding: "bow", form: "q-s" }))).toEqual([
      '/nodes/5/params/form: "shopping" has text actions: only the q-sa form (state and encoded action in, one Q out) can score them',
    ]);
  });
});
