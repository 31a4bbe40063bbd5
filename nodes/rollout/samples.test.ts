import { describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import type { PolicyFunction } from "../../runtime/ports.js";
import { createGridWorld } from "../environment/gridworld/index.js";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";
import { rolloutKind } from "./index.js";
import { rolloutParams } from "./params.js";

const up = 0;
const right = 1;
const left = 3;

/** Even odds of stepping left or right: drawn from, its continuations differ though the world is not random. */
const coinFlip: PolicyFunction = {
  name: "left or right",
  distributions: (states) => states.map(() => ({ kind: "categorical", actions: [up, right, 2, left], probs: [0, 0.5, 0, 0.5] })),
};

async function riskOfUp(samples: number, continuationSampling: "sample" | "greedy"): Promise<number> {
  // Lava two cells left of the start, the goal two right; slip 0, so only the policy's draws differ.
  const env = createGridWorld({ map: "custom", layout: ["L.S.G"], size: 0, slip: 0, gamma: 0.99 });
  env.reset(1);
  const node = await createNode(rolloutKind, { horizon: 3, samples, continuationSampling }, "rollout");
  const { candidates } = await node.run({ candidates: CandidateTable.of([up]), environment: env, policy: coinFlip, value: undefined }, stepContext("rollout", 7));
  return candidates.numbers("risk")[0]!;
}

describe("rollout samples in a deterministic world", () => {
  it("average the policy's draws: one simulation says 0 or 1, many a share between", async () => {
    expect([0, 1]).toContain(await riskOfUp(1, "sample"));
    const share = await riskOfUp(64, "sample");
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(1);
  });

  it("are said to matter where the continuation draws from the policy, not only where the environment is random", () => {
    const description = rolloutParams.shape.samples.description!;
    expect(description).not.toMatch(/only matters when the environment is random/);
    expect(description).toMatch(/continuationSampling "sample"/);
  });
});
