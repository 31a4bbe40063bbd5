import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { encodeFloatModel } from "../runtime/inference/float-graph.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { tempDir } from "./fixtures/foresight-process.js";

// Models on the shopping task are checked against its `bow` encoding ([2, 256] = 512 features) before any
// run, as GridWorld's are against theirs (test/onnx-validation.test.ts).

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
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const problems = (doc: unknown) => {
    const result = validatePipeline(doc, builtinRegistry(), { pipelineDir: dir });
    return result.ok ? [] : result.problems.map((p) => `${p.pointer}: ${p.message}`);
  };

  it("refuses a model whose input size is not the bow encoding's 512, naming both", () => {
    expect(problems(withQScorer({ model: "narrow.onnx", encoding: "bow" }))).toEqual([
      expect.stringMatching(/^\/nodes\/5\/params\/stateInput: .*input "observation" has 100 features per row .* "bow" encoding gives 512$/),
      expect.stringMatching(/^\/nodes\/5\/params\/variant: the ONNX Q-scorer needs a discrete action space; "shopping" has a text one$/),
    ]);
  });

  it("refuses an encoding the shop does not offer, listing the one it has", () => {
    expect(problems(withQScorer({ model: "bow.onnx", encoding: "position" }))).toEqual([
      expect.stringMatching(/^\/nodes\/5\/params\/encoding: "shopping" has no encoding "position"; its encodings: bow$/),
    ]);
  });

  it("accepts the state input of a 512-feature model, and says before any run that the ONNX Q-scorer cannot score text actions yet", () => {
    expect(problems(withQScorer({ model: "bow.onnx", encoding: "bow" }))).toEqual([
      "/nodes/5/params/variant: the ONNX Q-scorer needs a discrete action space; \"shopping\" has a text one",
    ]);
  });
});
