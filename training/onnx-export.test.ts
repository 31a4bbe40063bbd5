import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { needs, python, PYTHON } from "../test/fixtures/requirements.js";
import { Rng } from "../runtime/rng.js";
import { Mlp } from "./mlp.js";
import { exportMlpToOnnx, type OnnxExportOptions } from "./onnx-export.js";

function randomBatch(rows: number, width: number, seed: number): Float32Array {
  const rng = Rng.fromSeed(seed);
  return Float32Array.from({ length: rows * width }, () => 2 * rng.normal());
}

async function runOnnx(bytes: Uint8Array, inputName: string, batch: Float32Array, rows: number): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await session.run({ [inputName]: new ort.Tensor("float32", batch, [rows, batch.length / rows]) });
  } finally {
    await session.release();
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!));
  return worst;
}

/** The TS forward pass cut and softmaxed the way the export promises. */
function expectedOutput(outputs: Float32Array, width: number, start: number, end: number, softmax: boolean): number[] {
  const result: number[] = [];
  for (let r = 0; r < outputs.length / width; r++) {
    const row = Array.from(outputs.subarray(r * width + start, r * width + end));
    if (!softmax) result.push(...row);
    else {
      const max = Math.max(...row);
      const total = row.reduce((sum, x) => sum + Math.exp(x - max), 0);
      result.push(...row.map((x) => Math.exp(x - max) / total));
    }
  }
  return result;
}

const qModel = () => Mlp.create([6, 32, 32, 4], Rng.fromSeed(11));
const qExport: OnnxExportOptions = { inputName: "observation", outputs: [{ name: "q_values" }] };

const dynamicsModel = () => Mlp.create([5, 16, 7], Rng.fromSeed(12));
const dynamicsExport: OnnxExportOptions = {
  inputName: "state_action",
  outputs: [
    { name: "next_state", start: 0, end: 3 },
    { name: "action_probs", start: 3, end: 5, activation: "softmax" },
    { name: "reward", start: 5, end: 6 },
    { name: "done_logit", start: 6, end: 7 },
  ],
};

describe("exportMlpToOnnx", () => {
  it("runs in onnxruntime with the same outputs as the TS forward pass", async () => {
    const model = qModel();
    const batch = randomBatch(5, 6, 1);
    const result = await runOnnx(exportMlpToOnnx(model, qExport), "observation", batch, 5);
    expect(result["q_values"]!.dims).toEqual([5, 4]);
    expect(maxAbsDiff(result["q_values"]!.data as Float32Array, model.forward(batch, 5))).toBeLessThan(1e-5);
  });

  it("splits the last layer into named column ranges, softmaxing where asked", async () => {
    const model = dynamicsModel();
    const batch = randomBatch(5, 5, 2);
    const outputs = model.forward(batch, 5);
    const result = await runOnnx(exportMlpToOnnx(model, dynamicsExport), "state_action", batch, 5);
    for (const { name, start = 0, end = 7, activation } of dynamicsExport.outputs) {
      expect(result[name]!.dims).toEqual([5, end - start]);
      expect(maxAbsDiff(result[name]!.data as Float32Array, expectedOutput(outputs, 7, start, end, activation === "softmax"))).toBeLessThan(1e-5);
    }
  });

  it("declares a symbolic batch dimension and accepts batches of 1 and 7", async () => {
    const model = qModel();
    const bytes = exportMlpToOnnx(model, qExport);
    const session = await ort.InferenceSession.create(bytes);
    try {
      const input = session.inputMetadata[0]!;
      expect(input.isTensor && input.shape).toEqual(["batch", 6]);
    } finally {
      await session.release();
    }
    for (const rows of [1, 7]) {
      const batch = randomBatch(rows, 6, rows);
      const result = await runOnnx(bytes, "observation", batch, rows);
      expect(result["q_values"]!.dims).toEqual([rows, 4]);
      expect(maxAbsDiff(result["q_values"]!.data as Float32Array, model.forward(batch, rows))).toBeLessThan(1e-5);
    }
  });

  it("refuses a column range outside the last layer", () => {
    expect(() => exportMlpToOnnx(qModel(), { inputName: "observation", outputs: [{ name: "q", start: 2, end: 5 }] })).toThrow(/0 ≤ start < end ≤ 4/);
  });

  it("refuses an output named like the input", () => {
    expect(() => exportMlpToOnnx(qModel(), { inputName: "x", outputs: [{ name: "x", end: 2 }, { name: "y", start: 2 }] })).toThrow(/two values "x"/);
  });

  it("passes onnx.checker with full_check", needs(python(["onnx"])), () => {
    const folder = mkdtempSync(join(tmpdir(), "foresight-onnx-"));
    try {
      for (const [name, bytes] of [
        ["q.onnx", exportMlpToOnnx(qModel(), qExport)],
        ["dynamics.onnx", exportMlpToOnnx(dynamicsModel(), dynamicsExport)],
      ] as const) {
        const file = join(folder, name);
        writeFileSync(file, bytes);
        const check = spawnSync(PYTHON, ["-c", "import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)", file], { encoding: "utf8" });
        expect(check.stderr, name).toBe("");
        expect(check.status, name).toBe(0);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
