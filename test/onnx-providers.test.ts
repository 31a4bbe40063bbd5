import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { foresight, tempDir } from "./fixtures/foresight-process.js";

const dir = tempDir("onnx-providers");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the shipped ONNX V-GPS example briefly; its model.load events and summary.json. */
function runVgpsOnnx(out: string, ...flags: string[]) {
  const result = foresight("run", "examples/gridworld-vgps-onnx.foresight.json", "--episodes", "3", "--seed", "1", "--out", join(dir, out), "--json", ...flags);
  expect(result.code, result.stderr).toBe(0);
  const { runDir } = JSON.parse(result.stdout);
  const events = readFileSync(join(runDir, "trace.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
  return {
    stderr: result.stderr,
    loads: events.filter((event) => event.type === "model.load"),
    models: JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")).models,
  };
}

// onnxruntime-node is installed without its CUDA download (allowScripts in package.json), so "auto" always ends on the CPU here and in CI.
describe("which execution provider a model ran on, and why", () => {
  it('records provider "cpu" for "auto", with a note saying CUDA was passed over, in the trace and in summary.json', () => {
    const { stderr, loads, models } = runVgpsOnnx("auto");
    expect(loads).toEqual([
      expect.objectContaining({ node: "q", path: "../assets/models/gridworld-q.onnx", requested: "auto", provider: "cpu", note: expect.stringMatching(/CUDA.*running on CPU/) }),
    ]);
    expect(models).toEqual([{ node: "q", path: "../assets/models/gridworld-q.onnx", requested: "auto", provider: "cpu", note: loads[0].note }]);
    // The fallback is reported in the note, not printed by onnxruntime as an error.
    expect(stderr).not.toMatch(/onnxruntime|CUDA/i);
  });

  it("has no note when the CPU is what was asked for", () => {
    const { loads, models } = runVgpsOnnx("cpu", "--set", "q.provider=cpu");
    expect(loads).toHaveLength(1);
    expect(loads[0]).toMatchObject({ node: "q", requested: "cpu", provider: "cpu" });
    expect(loads[0]).not.toHaveProperty("note");
    expect(models).toEqual([{ node: "q", path: "../assets/models/gridworld-q.onnx", requested: "cpu", provider: "cpu" }]);
  });
});
