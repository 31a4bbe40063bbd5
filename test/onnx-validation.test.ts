import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { encodeFloatModel } from "../runtime/inference/float-graph.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { foresight, tempDir, writeExampleVariant, type EditablePipeline } from "./fixtures/foresight-process.js";

/** x·W with W all zeros: a model whose declared shapes are all that matters here. */
function linearModel(input: string, inputWidth: number, output: string, outputWidth: number): Uint8Array {
  return encodeFloatModel({
    inputs: { [input]: ["batch", inputWidth] },
    outputs: { [output]: ["batch", outputWidth] },
    weights: { W: { shape: [inputWidth, outputWidth], values: new Array<number>(inputWidth * outputWidth).fill(0) } },
    nodes: [{ op: "MatMul", inputs: [input, "W"], outputs: [output] }],
  });
}

/** Matches text holding every fragment, in order. */
const inOrder = (fragments: string[]) => new RegExp(fragments.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*"));

// Node indices in the examples: gridworld-vgps-onnx has "q" at 3, gridworld-policy-only has "policy" at 1.
const Q = 3;
const POLICY = 1;

interface BadModelCase {
  title: string;
  example: "gridworld-vgps-onnx" | "gridworld-policy-only";
  edit: (doc: EditablePipeline) => void;
  pointer: string;
  node: string;
  /** Fragments the message must hold, in this order. */
  says: (dir: string) => string[];
}

const cases: BadModelCase[] = [
  {
    title: "a Q-model whose input takes 3 features where the position encoding gives 63",
    example: "gridworld-vgps-onnx",
    edit: (doc) => (doc.nodes[Q].params.model = "narrow.onnx"),
    pointer: `/nodes/${Q}/params/stateInput`,
    node: "q",
    says: () => ['input "observation" has 3 features per row', '"position" encoding gives 63'],
  },
  {
    title: "an output name the Q-model does not have, listing the outputs it has",
    example: "gridworld-vgps-onnx",
    edit: (doc) => (doc.nodes[Q].params.model = "renamed.onnx"),
    pointer: `/nodes/${Q}/params/output`,
    node: "q",
    says: () => ['has no output "q_values"', 'its outputs: "action_values" ["batch",4]'],
  },
  {
    title: "a model file that does not exist",
    example: "gridworld-vgps-onnx",
    edit: (doc) => (doc.nodes[Q].params.model = "absent.onnx"),
    pointer: `/nodes/${Q}/params/model`,
    node: "q",
    says: (dir) => ["ONNX model not found", join(dir, "absent.onnx")],
  },
  {
    title: "an encoding the environment does not have, listing the ones it has",
    example: "gridworld-vgps-onnx",
    edit: (doc) => {
      doc.nodes[Q].params.model = "good-q.onnx";
      doc.nodes[Q].params.encoding = "pixels";
    },
    pointer: `/nodes/${Q}/params/encoding`,
    node: "q",
    says: () => ['no encoding "pixels"', "position, coords, grid, patch"],
  },
  {
    title: "an ONNX policy whose logits have 5 columns for 4 actions",
    example: "gridworld-policy-only",
    edit: (doc) => (doc.nodes[POLICY].params = { variant: "onnx", model: "logits5.onnx", encoding: "position", input: "observation", head: "categorical", logits: "logits" }),
    pointer: `/nodes/${POLICY}/params/logits`,
    node: "policy",
    says: () => ['output "logits" has 5 features per row', "has actions: 4"],
  },
];

describe("ONNX models checked at validation, before any run", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir("onnx-validate");
    writeFileSync(join(dir, "narrow.onnx"), linearModel("observation", 3, "q_values", 4));
    writeFileSync(join(dir, "renamed.onnx"), linearModel("observation", 63, "action_values", 4));
    writeFileSync(join(dir, "good-q.onnx"), linearModel("observation", 63, "q_values", 4));
    writeFileSync(join(dir, "logits5.onnx"), linearModel("observation", 63, "logits", 5));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts a Q-model and a policy whose shapes fit lava-bridge (the control for the cases below)", () => {
    const q = writeExampleVariant("gridworld-vgps-onnx", dir, "good-q", (doc) => (doc.nodes[Q].params.model = "good-q.onnx"));
    const policy = writeExampleVariant("gridworld-policy-only", dir, "good-policy", (doc) => {
      doc.nodes[POLICY].params = { variant: "onnx", model: "good-q.onnx", logits: "q_values" };
    });
    const result = foresight("validate", q, policy);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  for (const { title, example, edit, pointer, node, says } of cases) {
    it(`refuses ${title}: exit 2, node, pointer and reason on stderr`, () => {
      const file = writeExampleVariant(example, dir, pointer.replaceAll("/", "_"), edit);
      const result = foresight("validate", file);
      expect(result.code).toBe(2);
      const lines = result.stderr.trim().split("\n");
      // file:line:column: #pointer (node "id"): reason
      const line = lines.find((l) => l.startsWith(`${file}:`) && l.includes(`: #${pointer} (node "${node}"): `));
      expect(line, result.stderr).toBeDefined();
      expect(line).toMatch(inOrder(says(dir)));
      // The one problem and the closing count, nothing else.
      expect(lines).toEqual([line, `foresight: ${file}: 1 problem`]);
    });

    it(`returns ${title} from validatePipeline as one "bad-param" problem`, () => {
      const doc = JSON.parse(readFileSync(`examples/${example}.foresight.json`, "utf8"));
      edit(doc);
      const result = validatePipeline(doc, builtinRegistry(), { pipelineDir: dir });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toEqual([{ code: "bad-param", pointer, nodeId: node, message: expect.stringMatching(inOrder(says(dir))) }]);
    });
  }
});
