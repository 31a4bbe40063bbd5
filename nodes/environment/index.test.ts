import { describe, expect, it } from "vitest";
import { z } from "zod";
import { NodeRegistry } from "../../runtime/registry.js";
import { Rng } from "../../runtime/rng.js";
import type { SetupContext, StepContext } from "../../runtime/node-kind.js";
import { GridWorld } from "./gridworld/index.js";
import { environmentKind } from "./index.js";
import { createModelCache } from "../../runtime/inference/model-cache.js";

const setup: SetupContext = { nodeId: "env", pipelineDir: ".", runDir: ".", runSeed: 1, models: createModelCache({ pipelineDir: "." }), log: () => {} };

function stepContext(step: number): StepContext {
  return { nodeId: "env", episode: 0, step, rng: Rng.fromSeed(step), signal: new AbortController().signal };
}

describe("environment node kind", () => {
  it("fills the gridworld defaults", () => {
    expect(environmentKind.params.parse({ name: "gridworld" })).toEqual({
      name: "gridworld",
      map: "lava-bridge",
      size: 9,
      slip: 0,
      gamma: 0.99,
    });
  });

  it("rejects params outside their limits and unknown environments", () => {
    expect(environmentKind.params.safeParse({ name: "gridworld", slip: 0.7 }).success).toBe(false);
    expect(environmentKind.params.safeParse({ name: "gridworld", map: "volcano" }).success).toBe(false);
    expect(environmentKind.params.safeParse({ name: "gridworld", size: 30 }).success).toBe(false);
    expect(environmentKind.params.safeParse({ name: "chess" }).success).toBe(false);
  });

  it("describes every param, so the editor can build a form", () => {
    const schema = JSON.stringify(z.toJSONSchema(environmentKind.params, { io: "input" }));
    for (const text of ["Which environment", "Built-in map", "Side length", "slips", "Discount"]) expect(schema).toContain(text);
  });

  it("registers as the environment role", () => {
    expect(new NodeRegistry([environmentKind]).get("environment")?.role).toBe("environment");
  });

  it("resets at the start of each episode and outputs the observation and the live environment", async () => {
    const params = environmentKind.params.parse({ name: "gridworld", map: "random", slip: 0.1 });
    const node = await environmentKind.create(params, setup);
    await node.beginEpisode?.({ episode: 0, seed: 7, rng: Rng.fromSeed(7) });
    const first = await node.run({}, stepContext(0));
    expect(first.environment).toBeInstanceOf(GridWorld);
    expect(first.observation).toMatchObject({ map: "random-7" });
    expect(first.observation).toEqual(first.environment.observe());

    first.environment.step(1);
    const start = first.observation;
    await node.beginEpisode?.({ episode: 1, seed: 7, rng: Rng.fromSeed(7) });
    const again = await node.run({}, stepContext(0));
    expect(again.environment).toBe(first.environment);
    expect(again.observation).toEqual(start);
  });
});
