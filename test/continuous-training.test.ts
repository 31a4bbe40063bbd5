import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { Rng } from "../runtime/rng.js";
import { Pendulum } from "../nodes/environment/pendulum/index.js";
import { gaussianNegativeLogLikelihood } from "../training/losses.js";
import { Mlp } from "../training/mlp.js";
import { exportMlpToOnnx } from "../training/onnx-export.js";
import type { TrainingSettings } from "../training/tasks/settings.js";
import { trainDynamics } from "../training/tasks/train-dynamics.js";
import { trainPolicy } from "../training/tasks/train-policy.js";
import { trainQ } from "../training/tasks/train-q.js";
import { transitionArrays, type TransitionRecord } from "../training/tasks/transitions.js";
import { refuseDiverged } from "../cli/commands/train.js";
import { largestMagnitude } from "../training/divergence.js";

async function run(bytes: Uint8Array, feeds: Record<string, Float32Array>, widths: Record<string, number>): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const inputs = Object.fromEntries(Object.entries(feeds).map(([name, data]) => [name, new ort.Tensor("float32", data, [data.length / widths[name]!, widths[name]!])]));
    const out = await session.run(inputs);
    return Object.fromEntries(Object.entries(out).map(([name, tensor]) => [name, tensor.data as Float32Array]));
  } finally {
    await session.release();
  }
}

/** Pendulum transitions, recorded as the dataset collector writes them, with torques from `torque(observation, rng)`. */
function pendulumRecords(episodes: number, steps: number, torque: (observation: number[], rng: Rng) => number): TransitionRecord[] {
  const env = Pendulum.create({ g: 10, maxEpisodeSteps: steps });
  const rng = Rng.fromSeed(3);
  const records: TransitionRecord[] = [];
  for (let episode = 0; episode < episodes; episode++) {
    let observation = env.reset(episode) as number[];
    for (let step = 0; !env.done; step++) {
      const action = [torque(observation, rng)];
      const result = env.step(action);
      records.push({
        episode,
        step,
        observation: JSON.stringify(observation),
        action: JSON.stringify(action),
        reward: result.reward,
        next_observation: JSON.stringify(result.observation),
        terminated: result.terminated,
        truncated: result.truncated,
        hazard: false,
      });
      observation = result.observation as number[];
    }
  }
  return records;
}

const settings: TrainingSettings = { hidden: [32], epochs: 30, batchSize: 64, lr: 3e-3, seed: 1, validationFraction: 0 };

describe("the Gaussian negative log-likelihood", () => {
  it("has the gradient finite differences give, for the mean and the log-std", () => {
    const predictions = Float32Array.from([0.3, -0.2, -0.5, 0.4, 1.1, 0.1, 0.2, -1]);
    const targets = Float32Array.from([0.1, 0.6, 0.9, -0.4]);
    const { dOutput } = gaussianNegativeLogLikelihood(predictions, targets, 2);
    for (let k = 0; k < predictions.length; k++) {
      const h = 1e-3;
      const up = Float32Array.from(predictions);
      const down = Float32Array.from(predictions);
      up[k]! += h;
      down[k]! -= h;
      const numeric = (gaussianNegativeLogLikelihood(up, targets, 2).loss - gaussianNegativeLogLikelihood(down, targets, 2).loss) / (2 * h);
      expect(dOutput[k]).toBeCloseTo(numeric, 2);
    }
  });

  it("gives no log-std gradient outside the clamp, so a perfect fit cannot drive σ to zero", () => {
    const { dOutput } = gaussianNegativeLogLikelihood(Float32Array.from([1, -9]), Float32Array.from([1]), 1);
    expect(dOutput[1]).toBe(0);
  });
});

describe("training on continuous actions", () => {
  it("reads action vectors from the records, with each step's next action (its own at an episode's end)", () => {
    const records = pendulumRecords(2, 3, (_, rng) => rng.float());
    const data = transitionArrays(records, Pendulum.create({ g: 10, maxEpisodeSteps: 3 }), "flat");
    expect(data.count).toBe(6);
    expect(data.vectors?.width).toBe(1);
    const recorded = records.map((r) => (JSON.parse(String(r["action"])) as number[])[0]!);
    expect(Array.from(data.vectors!.actions)).toEqual(recorded.map(Math.fround));
    expect(Array.from(data.vectors!.nextActions)).toEqual([recorded[1], recorded[2], recorded[2], recorded[4], recorded[5], recorded[5]].map((x) => Math.fround(x!)));
  });

  it("takes a step's next action from its own dataset: every run numbers its episodes from 0", () => {
    // Two runs' datasets, read together: their episode 0s are different episodes.
    const [a, b] = [pendulumRecords(1, 2, () => 0.25), pendulumRecords(1, 2, () => -0.5)];
    const data = transitionArrays([...a, ...b], Pendulum.create({ g: 10, maxEpisodeSteps: 2 }), "flat", "bow", [0, 0, 1, 1]);
    expect(Array.from(data.vectors!.nextActions)).toEqual([0.25, 0.25, -0.5, -0.5]);
    expect(data.notActed).toBe(0);
    // A step that did not act (every candidate filtered) is left out, and counted so the CLI can say so.
    b[1]!["action"] = null;
    expect(transitionArrays([...a, ...b], Pendulum.create({ g: 10, maxEpisodeSteps: 2 }), "flat", "bow", [0, 0, 1, 1])).toMatchObject({ count: 3, notActed: 1 });
  });

  it("refuses a reward that is no finite number (recorded as null, or broken by hand), naming its episode and step", () => {
    for (const reward of [null, "x"]) {
      const records = pendulumRecords(1, 2, () => 0);
      records[1]!["reward"] = reward;
      expect(() => transitionArrays(records, Pendulum.create({ g: 10, maxEpisodeSteps: 2 }), "flat")).toThrow(`episode 0, step 1: reward ${JSON.stringify(reward)} is not a finite number`);
    }
  });

  it("writes no model whose loss diverged", () => {
    const modest = () => 10;
    expect(() => refuseDiverged("q.onnx", { trainLoss: NaN, validationLoss: 0.1 }, modest)).toThrow("training diverged (final loss: train NaN, validation 0.1); q.onnx was not written");
    expect(() => refuseDiverged("q.onnx", { trainLoss: 0.2, validationLoss: Infinity }, modest)).toThrow("training diverged");
    expect(() => refuseDiverged("q.onnx", { trainLoss: 0.2, validationLoss: undefined }, modest)).not.toThrow();
  });

  it("blames the data's scale, not --lr, where its values are too large for float32 training", () => {
    const diverged = { trainLoss: NaN, validationLoss: NaN };
    expect(() => refuseDiverged("q.onnx", diverged, () => largestMagnitude(new Float32Array([0.5, -3e30]), new Float32Array([1])))).toThrow(
      "q.onnx was not written: the data holds values up to 3.00e+30 in magnitude (features, actions, rewards or labels), too large for float32 training: rescale them (a smaller --lr will not help)",
    );
    expect(() => refuseDiverged("q.onnx", diverged, () => largestMagnitude(new Float32Array([0.5, -3])))).toThrow("q.onnx was not written: the data's values stay within ±1e+6, so try a smaller --lr");
  });

  it("refuses a record whose action is not a vector of the box's size, naming its episode and step", () => {
    const records = pendulumRecords(1, 2, () => 0);
    records[1]!["action"] = "[1, 2]";
    expect(() => transitionArrays(records, Pendulum.create({ g: 10, maxEpisodeSteps: 2 }), "flat")).toThrow(/episode 0, step 1.*not a vector of 1 finite numbers/);
  });

  it("clones a Gaussian policy whose ONNX mean follows the demonstrator and whose σ matches its noise", async () => {
    // Demonstrator: u = −2·θ̇ + N(0, 0.3²).
    const records = pendulumRecords(20, 100, (o, rng) => -2 * o[2]! + 0.3 * rng.normal());
    const data = transitionArrays(records, Pendulum.create({ g: 10, maxEpisodeSteps: 100 }), "flat");
    const trained = await trainPolicy(data, 0, { ...settings, epochs: 60 });
    expect(trained.outputs).toEqual(["mean", "log_std"]);
    const states = Float32Array.from([1, 0, 1, 0, 1, -2, -1, 0, 0.5]);
    const out = await run(trained.onnx, { observation: states }, { observation: 3 });
    [1, -2, 0.5].forEach((thetaDot, row) => expect(out["mean"]![row]!).toBeCloseTo(-2 * thetaDot, 0));
    for (const logStd of out["log_std"]!) {
      expect(Math.exp(logStd)).toBeGreaterThan(0.15);
      expect(Math.exp(logStd)).toBeLessThan(0.6);
    }
  });

  it("fits Q(s, a) with the state and the action as two ONNX inputs, preferring the torque with the higher reward", async () => {
    const records = pendulumRecords(30, 20, (_, rng) => 4 * rng.float() - 2);
    const data = transitionArrays(records, Pendulum.create({ g: 10, maxEpisodeSteps: 20 }), "flat");
    const trained = await trainQ(data, 0, { ...settings, hidden: [64, 64], gamma: 0, iterations: 1, target: "sarsa", epochs: 80 });
    // With γ = 0, Q is the reward −(θ² + 0.1θ̇² + 0.001u²): upright beats hanging whatever the torque.
    const out = await run(trained.onnx, { observation: Float32Array.from([1, 0, 0, -1, 0, 0]), action: Float32Array.from([0, 0]) }, { observation: 3, action: 1 });
    expect(out["q"]![0]!).toBeGreaterThan(out["q"]![1]! + 3);
    await expect(trainQ(data, 0, { ...settings, gamma: 0.9, iterations: 1, target: "max" })).rejects.toThrow(/sarsa only/);
  });

  it("fits dynamics (s ++ action vector) → s' closer to the pendulum's own than 'nothing changes' is", async () => {
    const records = pendulumRecords(40, 50, (_, rng) => 4 * rng.float() - 2);
    const data = transitionArrays(records, Pendulum.create({ g: 10, maxEpisodeSteps: 50 }), "flat");
    const trained = await trainDynamics(data, 0, { ...settings, hidden: [64, 64], epochs: 60 });
    const env = Pendulum.create({ g: 10, maxEpisodeSteps: 50 });
    const observation = env.reset(99) as number[];
    const next = env.step([1.5]).observation as number[];
    const out = await run(trained.onnx, { state_action: Float32Array.from([...observation, 1.5]) }, { state_action: 4 });
    const error = (predicted: readonly number[]) => Math.max(...next.map((x, k) => Math.abs(predicted[k]! - x)));
    expect(error(Array.from(out["next_state"]!))).toBeLessThan(0.2);
    expect(error(Array.from(out["next_state"]!))).toBeLessThan(error(observation) / 2);
  });

  it("exports concatenated inputs that compute what the net computes on the joined rows", async () => {
    const model = Mlp.create([3, 5, 1], Rng.fromSeed(2));
    const bytes = exportMlpToOnnx(model, { inputName: "x", concatInputs: [{ name: "s", width: 2 }, { name: "a", width: 1 }], outputs: [{ name: "q" }] });
    const out = await run(bytes, { s: Float32Array.from([0.5, -1, 2, 0]), a: Float32Array.from([0.25, -3]) }, { s: 2, a: 1 });
    const expected = model.forward(Float32Array.from([0.5, -1, 0.25, 2, 0, -3]), 2);
    Array.from(expected).forEach((q, row) => expect(out["q"]![row]!).toBeCloseTo(q, 5));
    expect(() => exportMlpToOnnx(model, { inputName: "x", concatInputs: [{ name: "s", width: 2 }], outputs: [{ name: "q" }] })).toThrow(/hold 2 features per row; the net takes 3/);
  });
});
