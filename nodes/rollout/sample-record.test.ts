import { afterAll, describe, expect, it } from "vitest";
import type { TracedRolloutSamples } from "../../protocol/traced-values.js";
import { CandidateTable } from "../../runtime/candidate-table.js";
import type { Environment } from "../../runtime/environment.js";
import { createModelCache } from "../../runtime/inference/model-cache.js";
import { modelFolder } from "../../runtime/inference/testing/models.js";
import type { PolicyFunction } from "../../runtime/ports.js";
import { stepContext } from "../../test/fixtures/node-harness.js";
import { createGridWorld } from "../environment/gridworld/index.js";
import { rolloutKind } from "./index.js";
import { toyDynamicsModel } from "./testing/toy-dynamics.js";
import { MAX_RECORDED_SIMULATIONS, sampleRecord } from "./sample-record.js";

const right = 1;
const left = 3;

/** The rollout as a run at trace `full` (tracesOutputs) or below it makes it. */
async function rollout(params: Record<string, unknown>, tracesOutputs: boolean, dir = ".") {
  return rolloutKind.create(rolloutKind.params.parse(params), { nodeId: "rollout", pipelineDir: dir, runDir: dir, runSeed: 1, models: createModelCache({ pipelineDir: dir }), log: () => {}, tracesOutputs });
}

function world(layout: readonly string[], slip = 0) {
  const env = createGridWorld({ map: "custom", layout, size: 0, slip, gamma: 0.99 });
  env.reset(1);
  return env;
}

const alwaysRight: PolicyFunction = {
  name: "always right",
  distributions: (states) => states.map(() => ({ kind: "categorical", actions: [0, 1, 2, 3], probs: [0, 1, 0, 0] })),
};

describe("the rollout's sample-by-sample record", () => {
  it("lists at trace full each action's samples: return, steps lasted and the step a hazard was hit", async () => {
    const node = await rollout({ horizon: 4, samples: 2, continuation: "policy" }, true);
    // Lava left of the start, the goal two steps right; the duplicate right shares its action's simulations.
    const environment = world(["LS.G"]);
    const { samples } = await node.run({ candidates: CandidateTable.of([left, right, right]), environment, policy: alwaysRight, value: undefined }, stepContext("rollout"));
    expect(samples).toEqual({
      $rolloutSamples: "simulator",
      horizon: 4,
      length: 2,
      actions: [
        { action: environment.describeAction(left), returns: [-1, -1], steps: [1, 1], hazardAt: [1, 1] },
        { action: environment.describeAction(right), returns: [expect.closeTo(0.98, 12), expect.closeTo(0.98, 12)], steps: [2, 2], hazardAt: [null, null] },
      ],
    });
  });

  it("makes nothing below trace full", async () => {
    const node = await rollout({ horizon: 4, samples: 2, continuation: "policy" }, false);
    const { samples } = await node.run({ candidates: CandidateTable.of([left, right]), environment: world(["LS.G"]), policy: alwaysRight, value: undefined }, stepContext("rollout"));
    expect(samples).toBeNull();
  });

  it("explains the columns: risk is the share of samples with a hazard step, return their mean", async () => {
    const node = await rollout({ horizon: 6, samples: 8, continuation: "policy" }, true);
    // Moves slip: some of a candidate's samples fall into the lava row below, some do not.
    const environment = world(["S....G", "LLLLLL"], 0.3);
    const { candidates, samples } = await node.run({ candidates: CandidateTable.of([right, 2]), environment, policy: alwaysRight, value: undefined }, stepContext("rollout", 3));
    const record = samples as TracedRolloutSamples;
    record.actions.forEach((action, i) => {
      expect(action.returns).toHaveLength(8);
      expect(candidates.numbers("risk")[i]).toBe(action.hazardAt!.filter((step) => step !== null).length / 8);
      expect(candidates.numbers("return")[i]).toBeCloseTo(action.returns.reduce((a, b) => a + b, 0) / 8, 12);
      action.hazardAt!.forEach((step, s) => step !== null && expect(step).toBeLessThanOrEqual(action.steps[s]!));
    });
    expect(record.actions.flatMap((a) => a.hazardAt).some((step) => step !== null)).toBe(true);
  });

  it("keeps a step's record bounded however many candidates: at most 64 actions and 1024 simulations, counting every action", () => {
    const environment = { describeAction: (a: unknown) => `a${String(a)}` } as unknown as Environment;
    const forecasts = (samples: number) => (_: unknown) => ({ return: 0, risk: 0, horizonValue: null, samples: { returns: new Array<number>(samples).fill(0), steps: new Array<number>(samples).fill(1), hazardAt: new Array<null>(samples).fill(null) } });
    const many = Array.from({ length: 100 }, (_, i) => i);
    const oneSampleEach = sampleRecord("simulator", 1, environment, many, many.map(forecasts(1)));
    expect([oneSampleEach.length, oneSampleEach.actions.length]).toEqual([100, 64]);
    const manySamples = sampleRecord("simulator", 1, environment, many, many.map(forecasts(64)));
    expect([manySamples.length, manySamples.actions.length]).toEqual([100, MAX_RECORDED_SIMULATIONS / 64]);
  });
});

const folder = modelFolder({ "dyn.onnx": toyDynamicsModel });
afterAll(() => folder.remove());

describe("the sample record of a learned dynamics model", () => {
  it("gives each imagined sample's hazard probability and expected steps, since it predicts no single outcome", async () => {
    const model = { kind: "onnx", path: "dyn.onnx", encoding: "x", input: "sa", nextState: "next", reward: "r", done: "d", hazard: "h" };
    const node = await rollout({ model, horizon: 2, continuation: "repeat", discount: 1, bootstrap: false }, true, folder.dir);
    const line = { name: "line", actionSpace: { kind: "discrete", n: 2 }, encode: () => new Float32Array([3]), describeAction: (a: unknown) => (a === 0 ? "stay" : "advance") } as unknown as Environment;
    const { samples } = await node.run({ candidates: CandidateTable.of([0, 1]), environment: line, policy: undefined, value: undefined }, stepContext("rollout"));
    // stay: hazard 1 at once (capped at 1), and it ends with probability 0.5, so it lasts 1 + 0.5 steps; advance: 2 steps, no hazard.
    expect(samples).toEqual({
      $rolloutSamples: "onnx",
      horizon: 2,
      length: 2,
      actions: [
        { action: "stay", returns: [0], steps: [1.5], hazardChance: [1] },
        { action: "advance", returns: [2], steps: [2], hazardChance: [0] },
      ],
    });
  });
});
