import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foresight, tempDir, writeExampleVariant } from "./fixtures/foresight-process.js";

// gridworld-vgps-onnx has its Q-scorer "q" at node 3.
const Q = 3;

/** gridworld-vgps-onnx with a copy of its Q-model whose Gemm ops are renamed Zzzz: a file that parses, which ONNX Runtime cannot load. */
function pipelineWithUnloadableModel(): string {
  const dir = tempDir("onnx-unloadable");
  const bytes = readFileSync("assets/models/gridworld-q.onnx");
  writeFileSync(join(dir, "zzzz-q.onnx"), Buffer.from(bytes.toString("latin1").replaceAll("Gemm", "Zzzz"), "latin1"));
  return writeExampleVariant("gridworld-vgps-onnx", dir, "unloadable", (doc) => (doc.nodes[Q].params.model = "zzzz-q.onnx"));
}

describe("a model ONNX Runtime cannot load", () => {
  it("is a problem of the file's model param for validate, run and compare (the side named by its file)", () => {
    const file = pipelineWithUnloadableModel();
    const problem = `${file}:67:9: #/nodes/${Q}/params/model (node "q"): onnxruntime cannot load `;
    for (const args of [["validate", file], ["run", file, "--episodes", "1", "--out", tempDir("onnx-unloadable-run")], ["compare", "examples/gridworld-vgps-onnx.foresight.json", file, "--episodes", "1", "--out", tempDir("onnx-unloadable-compare")]]) {
      const result = foresight(...args);
      expect(result.code, args[0]).toBe(2);
      expect(result.stderr, args[0]).toContain(problem);
      expect(result.stderr, args[0]).toContain("No Op registered for Zzzz");
    }
  });

  it("is said by `foresight model` after the model's inputs and outputs (exit 2)", () => {
    const model = join(pipelineWithUnloadableModel(), "..", "zzzz-q.onnx");
    const result = foresight("model", model);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('input    observation');
    expect(result.stderr).toContain(`onnxruntime cannot load ${model}: `);
  });

  it("leaves a model it can load valid", () => {
    const result = foresight("validate", "examples/gridworld-vgps-onnx.foresight.json");
    expect([result.code, result.stderr]).toEqual([0, ""]);
  });
});
