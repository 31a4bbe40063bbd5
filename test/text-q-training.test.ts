import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { readDataset } from "../nodes/dataset/index.js";
import { cachedCatalogue } from "../nodes/environment/shopping/catalogue.js";
import { searchIndexOf } from "../nodes/environment/shopping/search-index.js";
import { ShoppingEnvironment } from "../nodes/environment/shopping/shopping.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { Rng } from "../runtime/rng.js";
import { Mlp } from "../training/mlp.js";
import { exportMlpToOnnx } from "../training/onnx-export.js";
import { labelledCandidatePairs } from "../training/tasks/candidate-pairs.js";
import { pairFeatures, textPairLayout } from "../training/tasks/pair-features.js";
import { trainLabelledQ } from "../training/tasks/train-q-continuous.js";
import { trainQ } from "../training/tasks/train-q.js";
import { transitionArrays, type TransitionRecord } from "../training/tasks/transitions.js";
import { tempDir } from "./fixtures/foresight-process.js";
import { playOptions, validated } from "./fixtures/pipelines.js";

// Step-level Q-models over the shop's text encodings: the pair features, their ONNX graph, and a tiny
// model trained on Monte-Carlo labels recorded by the real collect pipeline (tools/shopping-stepq-collect).

async function runOnnx(bytes: Uint8Array, feeds: Record<string, { data: Float32Array; width: number }>): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const inputs = Object.fromEntries(Object.entries(feeds).map(([name, { data, width }]) => [name, new ort.Tensor("float32", data, [data.length / width, width])]));
    return (await session.run(inputs))["q"]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

const shop = () => {
  const catalogue = cachedCatalogue(0, 2000);
  return ShoppingEnvironment.create({ catalogue, index: searchIndexOf(catalogue), difficulty: "mixed" });
};

/** Records of `episodes` episodes of the collect pipeline: its transitions and its mc_q-labelled candidates. */
async function collect(episodes: number): Promise<{ transitions: TransitionRecord[]; candidates: TransitionRecord[] }> {
  const dir = tempDir("stepq-collect");
  const pipeline = validated(JSON.parse(readFileSync("tools/shopping-stepq-collect.foresight.json", "utf8")), builtinRegistry());
  const result = await runPipeline(pipeline, { ...playOptions(pipeline, { episodes, seed: 5, trace: "off" }), pipelineDir: dir, runDir: dir });
  expect(result.status).toBe("completed");
  const read = async (stream: string) => (await readDataset(join(dir, "dataset", `${stream}.jsonl`))) as TransitionRecord[];
  return { transitions: await read("transitions"), candidates: await read("candidates") };
}

describe("step-level Q over text encodings", () => {
  it("exports the state rows times the action as graph nodes that compute what training computes", async () => {
    const layout = { stateWidth: 6, actionWidth: 3, rowProducts: 2 };
    const model = Mlp.create([6 + 3 + 6, 4, 1], Rng.fromSeed(3));
    const bytes = exportMlpToOnnx(model, { inputName: "observation", concatInputs: [{ name: "observation", width: 6 }, { name: "action", width: 3 }], rowProducts: 2, outputs: [{ name: "q" }] });
    const rng = Rng.fromSeed(4);
    const states = Float32Array.from({ length: 2 * 6 }, () => rng.normal());
    const actions = Float32Array.from({ length: 2 * 3 }, () => rng.normal());
    const out = await runOnnx(bytes, { observation: { data: states, width: 6 }, action: { data: actions, width: 3 } });
    const expected = model.forward(pairFeatures(layout, states, actions, 2), 2);
    Array.from(expected).forEach((q, row) => expect(out[row]!).toBeCloseTo(q, 5));
    // Row 0's first product is state[0]·action[0].
    expect(pairFeatures(layout, states, actions, 2)[9]).toBeCloseTo(states[0]! * actions[0]!, 6);
    expect(() => exportMlpToOnnx(model, { inputName: "x", concatInputs: [{ name: "s", width: 5 }, { name: "a", width: 3 }], rowProducts: 2, outputs: [{ name: "q" }] })).toThrow(/5 features are not 2 rows of the action's 3/);
  });

  it("reads recorded text actions as their bow encodings, on the page they were taken on", async () => {
    const { transitions } = await collect(4);
    const env = shop();
    const data = transitionArrays(transitions, env, "bow", "bow");
    expect(data.vectors).toMatchObject({ width: 256, text: true, layout: textPairLayout(512, 256) });
    const first = transitions[0]!;
    expect(Array.from(data.vectors!.actions.subarray(0, 256))).toEqual(Array.from(env.encodeAction("bow", JSON.parse(String(first["action"])), JSON.parse(String(first["observation"])))));
    expect(() => transitionArrays(transitions, env, "bow", "onehot")).toThrow(/no action encoding "onehot"; its action encodings: bow/);
    await expect(trainQ(data, 0, { hidden: [4], epochs: 1, batchSize: 64, lr: 1e-3, seed: 1, validationFraction: 0, gamma: 1, iterations: 1, target: "max" })).rejects.toThrow(/text actions train with --target sarsa only/);
  }, 30_000);

  it("trains a small Q(s, a) on Monte-Carlo labels that predicts them better than their mean does", async () => {
    const { transitions, candidates } = await collect(60);
    const pairs = labelledCandidatePairs(candidates, transitions, shop(), "bow", "bow", "mc_q");
    expect(pairs.count).toBe(candidates.length);
    expect(pairs.layout).toEqual({ stateWidth: 512, actionWidth: 256, rowProducts: 2 });
    const trained = await trainLabelledQ(pairs, { hidden: [16], epochs: 30, batchSize: 32, lr: 3e-3, seed: 1, validationFraction: 0 });
    const q = await runOnnx(trained.onnx, { observation: { data: pairs.states, width: 512 }, action: { data: pairs.actions, width: 256 } });
    const targets = Array.from(pairs.targets);
    const mean = targets.reduce((a, b) => a + b, 0) / targets.length;
    const mse = (predict: (i: number) => number) => targets.reduce((sum, t, i) => sum + (predict(i) - t) ** 2, 0) / targets.length;
    expect(mse((i) => q[i]!)).toBeLessThan(0.5 * mse(() => mean));
    expect(() => labelledCandidatePairs(candidates, transitions, shop(), "bow", "bow", "q")).toThrow(/no candidate record has a number in "q"/);
  }, 60_000);
});
