import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isPolicyAlone, pipelineWorld } from "../protocol/pipeline-world.js";

const example = (name: string) => JSON.parse(readFileSync(`examples/${name}.foresight.json`, "utf8")) as { nodes: unknown[] };

describe("a pipeline's world and whether it is a policy acting alone", () => {
  it("knows every example's documented baseline (the policy-only ones, shopping-scripted) and no value-guided pipeline as one", () => {
    const alone = readdirSync("examples")
      .filter((file) => file.endsWith(".foresight.json"))
      .map((file) => file.replace(".foresight.json", ""))
      .filter((name) => isPolicyAlone(example(name)));
    expect(alone).toEqual(expect.arrayContaining(["gridworld-policy-only", "pendulum-policy-only", "cartpole-policy-only", "pointmass-policy-only", "shopping-scripted"]));
    for (const name of ["gridworld-vgps", "pendulum-worldmodel", "shopping-stepq", "shopping-lookahead", "shopping-confidence", "gridworld-astar"]) expect(isPolicyAlone(example(name)), name).toBe(false);
  });

  it("tells worlds by the environment's params, not how it is served", () => {
    expect(pipelineWorld(example("pendulum-policy-only"))).toBe(pipelineWorld(example("pendulum-worldmodel")));
    expect(pipelineWorld(example("pendulum-policy-only"))).not.toBe(pipelineWorld(example("gridworld-policy-only")));
    expect(pipelineWorld({ nodes: [] })).toBeUndefined();
  });
});
