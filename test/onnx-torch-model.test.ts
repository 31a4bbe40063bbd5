import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createGridWorld } from "../nodes/environment/gridworld/index.js";
import { builtinRegistry } from "../nodes/index.js";
import { readModelInfo } from "../runtime/inference/model-info.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { foresight, runAsync, tempDir, writeExampleVariant } from "./fixtures/foresight-process.js";
import { needs, python, PYTHON } from "./fixtures/requirements.js";
import { parseTraceLine } from "../runtime/trace/candidate-rows.js";

/** A snapshot of GridWorld as `snapshot()` writes it. */
interface GridSnapshot {
  map: string;
  layout: string[];
  agent: [number, number];
  done: boolean;
  rng: number[];
}

/** Exact Q of the four moves in every cell of lava-bridge ([row][col][action]); zeros where an episode has already ended. */
function lavaBridgeQ(): number[][][] {
  const env = createGridWorld({ map: "lava-bridge", size: 9, slip: 0.1, gamma: 0.99 });
  const start = env.snapshot() as unknown as GridSnapshot;
  return start.layout.map((row, r) =>
    [...row].map((tile, c) => {
      if (tile !== "." && tile !== "S") return [0, 0, 0, 0];
      env.restore({ ...start, agent: [r, c], done: false });
      return env.exactQ();
    }),
  );
}

const Q = 3; // the Q-scorer's index in gridworld-vgps-onnx

describe("a Q-model made in PyTorch, with its own input name and layout", () => {
  const dir = tempDir("onnx-torch");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("validates, runs on CPU, and scores with the exported table: 90% success or more over 100 episodes", needs(python(["onnx", "torch"])), async () => {
    const table = lavaBridgeQ();
    writeFileSync(join(dir, "q-table.json"), JSON.stringify({ height: table.length, width: table[0]!.length, q: table }));
    const exported = await runAsync(PYTHON, ["test/fixtures/export_torch_q.py", join(dir, "q-table.json"), join(dir, "torch-q.onnx")]);
    expect(exported.code, exported.stderr).toBe(0);

    const info = readModelInfo(join(dir, "torch-q.onnx"));
    expect(info.producer).toMatch(/^pytorch/);
    expect(info.inputs).toEqual([{ name: "grid_onehot", type: "float32", shape: ["batch", 7, 9] }]);
    expect(info.outputs).toEqual([{ name: "action_values", type: "float32", shape: ["batch", 4] }]);

    const file = writeExampleVariant("gridworld-vgps-onnx", dir, "torch-q", (doc) => {
      doc.name = "torch-q";
      Object.assign(doc.nodes[Q].params, { model: "torch-q.onnx", stateInput: "grid_onehot", output: "action_values" });
    });
    // Without the mapping the default names do not fit this model: the mapping is what makes it valid.
    const unmapped = JSON.parse(readFileSync(file, "utf8"));
    Object.assign(unmapped.nodes[Q].params, { stateInput: "observation", output: "q_values" });
    const refused = validatePipeline(unmapped, builtinRegistry(), { pipelineDir: dir });
    expect(refused.ok ? [] : refused.problems.map((p) => p.pointer)).toEqual([`/nodes/${Q}/params/stateInput`, `/nodes/${Q}/params/output`]);
    expect(foresight("validate", file)).toMatchObject({ code: 0, stderr: "" });

    const run = foresight("run", file, "--episodes", "100", "--seed", "4", "--out", join(dir, "runs"), "--json");
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ status: "completed", episodes: 100, episodesFailed: 0 });
    expect(summary.successRate.value).toBeGreaterThanOrEqual(0.9);
    const stored = JSON.parse(readFileSync(join(summary.runDir, "summary.json"), "utf8"));
    expect(stored.models).toEqual([expect.objectContaining({ node: "q", path: "torch-q.onnx", provider: "cpu" })]);

    // The engine fed [batch, 7, 9] in the right order: the first step's q column is the table at the start cell.
    const firstStep = readFileSync(join(summary.runDir, "trace.jsonl"), "utf8")
      .split("\n")
      .map((line) => (line ? parseTraceLine(line) : undefined))
      .find((event) => event?.type === "step.end");
    const candidates = (firstStep as unknown as { candidates: { action: number; q: number }[] }).candidates;
    expect(candidates).toHaveLength(16);
    for (const { action, q } of candidates) expect(q).toBeCloseTo(table[0]![0]![action]!, 5);
  });
});
