import { describe, expect, it } from "vitest";
import { ExternalEnvironment, processEnvironment } from "../nodes/environment/external/index.js";
import { uniformPolicy } from "../nodes/policy/uniform.js";
import { simulateAhead } from "../nodes/rollout/simulate.js";
import { Rng } from "../runtime/rng.js";
import { GYM_PYTHON, gymnasium, needs } from "./fixtures/requirements.js";

/** CartPole-v1 served by foresight_env, with or without the batch capability. */
function cartpole(batch: "on" | "off"): ExternalEnvironment {
  const params = processEnvironment.params.parse({ name: "process", command: [GYM_PYTHON, "-m", "foresight_env", "gymnasium:CartPole-v1", "--batch", batch] });
  return processEnvironment.create(params, { pipelineDir: ".", purpose: "run" }) as ExternalEnvironment;
}

describe("look-ahead in batches (one round trip per simulated step)", needs(gymnasium()), () => {
  it("forecasts exactly what copy-by-copy simulation forecasts, in 1 + horizon round trips instead of one per copy and step", async () => {
    const batched = cartpole("on");
    const single = cartpole("off");
    try {
      expect(batched.forkMany).toBeDefined();
      expect(single.forkMany).toBeUndefined();
      batched.reset(11);
      single.reset(11);
      const ahead = (environment: ExternalEnvironment) =>
        simulateAhead({ environment, actions: [0, 1], horizon: 5, discount: 0.9, samples: 3, policy: uniformPolicy(), continuationSampling: "sample", value: undefined, rng: Rng.fromSeed(5), signal: new AbortController().signal });
      const before = [batched.roundTrips, single.roundTrips];
      const [fromBatches, fromSingles] = [await ahead(batched), await ahead(single)];
      expect(fromBatches).toEqual(fromSingles);
      // 6 simulations, 5 steps, none ends that soon: one fork line and a line per step ...
      expect(batched.roundTrips - before[0]!).toBe(1 + 5);
      // ... against a snapshot, then clone, restore and reseed per copy, and a step per copy and step.
      expect(single.roundTrips - before[1]!).toBe(1 + 6 * 3 + 6 * 5);
      // The live environments did not move, and their next step releases the copies.
      expect(batched.observe()).toEqual(single.observe());
      expect(batched.step(1)).toEqual(single.step(1));
    } finally {
      batched.close();
      single.close();
    }
  });

  it("refuses a batched step of an environment that is not its copy, naming the batch", () => {
    const a = cartpole("on");
    const b = cartpole("on");
    try {
      a.reset(1);
      b.reset(1);
      const [copy] = b.forkMany!([3]);
      expect(() => a.stepMany!([copy!], [0])).toThrow(/CartPole-v1.*: a batched step of 1 simulation copies: stepMany was given an environment that is not a copy from this process/);
      expect(() => b.stepMany!([copy!], [5])).toThrow(/a batched step of 1 simulation copies: action 5 is outside the action space Discrete\(2\)/);
    } finally {
      a.close();
      b.close();
    }
  });
});
