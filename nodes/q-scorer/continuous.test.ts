import { afterAll, describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import { encodeFloatModel } from "../../runtime/inference/float-graph.js";
import { createModelCache } from "../../runtime/inference/model-cache.js";
import { modelFolder } from "../../runtime/inference/testing/models.js";
import { Pendulum } from "../environment/pendulum/index.js";
import { stepContext } from "../../test/fixtures/node-harness.js";
import { qScorerKind } from "./index.js";

// Q(s, a) = −(a − s₀)², s₀ = cos θ: the best torque equals the pendulum's cos θ.
const peaked = encodeFloatModel({
  inputs: { obs: ["batch", 3], act: ["batch", 1] },
  outputs: { q: ["batch", 1] },
  weights: { W: { shape: [3, 1], values: [1, 0, 0] } },
  nodes: [
    { op: "MatMul", inputs: ["obs", "W"], outputs: ["target"] },
    { op: "Sub", inputs: ["act", "target"], outputs: ["gap"] },
    { op: "Mul", inputs: ["gap", "gap"], outputs: ["square"] },
    { op: "Neg", inputs: ["square"], outputs: ["q"] },
  ],
});
const folder = modelFolder({ "qsa.onnx": peaked });
afterAll(() => folder.remove());

async function scorer(extra: Record<string, unknown> = {}) {
  const params = qScorerKind.params.parse({ variant: "onnx", model: "qsa.onnx", form: "q-sa", encoding: "flat", stateInput: "obs", actionInput: "act", output: "q", ...extra });
  return qScorerKind.create(params, { nodeId: "q", pipelineDir: folder.dir, runDir: folder.dir, runSeed: 1, models: createModelCache({ pipelineDir: folder.dir }), log: () => {} });
}

function pendulumAt(seed: number) {
  const env = Pendulum.create({ g: 10, maxEpisodeSteps: 200 });
  const cosTheta = (env.reset(seed) as number[])[0]!;
  return { env, cosTheta };
}

describe("ONNX Q-scorer on continuous actions", () => {
  it("scores every candidate vector with Q(s, a), the state and the action as the model's two inputs", async () => {
    const { env, cosTheta } = pendulumAt(3);
    const node = await scorer();
    const { candidates } = await node.run({ candidates: CandidateTable.of([[-1], [0], [1.5]], { logp: [-1, -2, -3] }), environment: env }, stepContext("q"));
    candidates.numbers("q").forEach((q, i) => expect(q).toBeCloseTo(-(([-1, 0, 1.5][i]! - cosTheta) ** 2), 5));
    expect(candidates.has("cem_round")).toBe(false);
  });

  it("refines with CEM: adds each round's candidates, keeps the incoming rows' columns, and ends near the best action", async () => {
    const { env, cosTheta } = pendulumAt(5);
    const node = await scorer({ cem: { iterations: 3, eliteFraction: 0.25, population: 16, minStd: 0.05 } });
    // A coarse grid: the sampler's draws bracket the best torque without hitting it.
    const start = CandidateTable.of([[-2], [-1.2], [-0.4], [0.4], [1.2], [2]], { logp: [-1, -1, -1, -1, -1, -1] });
    const { candidates } = await node.run({ candidates: start, environment: env }, stepContext("q"));
    expect(candidates.size).toBe(6 + 3 * 16);
    expect(candidates.column("cem_round")!.slice(4, 8)).toEqual([0, 0, 1, 1]);
    expect(candidates.column("logp")!.slice(5, 8)).toEqual([-1, null, null]);
    const vectors = candidates.actions as number[][];
    for (const [u] of vectors) expect(Math.abs(u!)).toBeLessThanOrEqual(2);
    const best = vectors[candidates.numbers("q").indexOf(Math.max(...candidates.numbers("q")))]![0]!;
    const startGap = Math.min(...[-2, -1.2, -0.4, 0.4, 1.2, 2].map((u) => Math.abs(u - cosTheta)));
    expect(Math.abs(best - cosTheta)).toBeLessThan(Math.min(0.05, startGap / 2));
  });

  it("is refused at validation with a q-s model or a wrong action width, naming the param", () => {
    const env = Pendulum.create({ g: 10, maxEpisodeSteps: 200 });
    const ctx = { environment: env, modelInfo: () => ({ path: "qsa.onnx", inputs: [{ name: "obs", type: "float32", shape: ["batch", 3] }, { name: "act", type: "float32", shape: ["batch", 2] }], outputs: [{ name: "q", type: "float32", shape: ["batch", 1] }] }) };
    const check = (extra: Record<string, unknown>) =>
      qScorerKind.check!(qScorerKind.params.parse({ variant: "onnx", model: "qsa.onnx", encoding: "flat", stateInput: "obs", actionInput: "act", output: "q", ...extra }), ctx as never);
    expect(check({ form: "q-s" })).toEqual([expect.objectContaining({ path: ["form"], message: expect.stringMatching(/only the q-sa form/) })]);
    expect(check({ form: "q-sa" })).toEqual([expect.objectContaining({ path: ["actionInput"], message: expect.stringMatching(/2 features per row.*has 1/) })]);
  });
});
