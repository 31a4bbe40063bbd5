import { describe, expect, it } from "vitest";
import type { Environment } from "../../../runtime/environment.js";
import { Rng } from "../../../runtime/rng.js";
import { createGridWorld } from "./create.js";
import { namedMapNames } from "./maps.js";

const episodes = 200;
const stepCap = 100;

/** A weak, hazard-blind policy: softmax over the naive preferences, mixed with uniform noise. */
function naivePolicy(temperature: number, noise: number) {
  return (env: Environment, rng: Rng): number => {
    const preferences = env.naivePreferences!();
    const top = Math.max(...preferences);
    const weights = preferences.map((p) => Math.exp((p - top) / temperature));
    const total = weights.reduce((sum, w) => sum + w, 0);
    return rng.weighted(weights.map((w) => (1 - noise) * (w / total) + noise / weights.length));
  };
}

function greedyOnExactQ(env: Environment): number {
  const q = env.exactQ!();
  return q.indexOf(Math.max(...q));
}

function successRate(env: Environment, act: (env: Environment, rng: Rng) => number): number {
  const rng = Rng.fromSeed(2024);
  let successes = 0;
  for (let episode = 0; episode < episodes; episode++) {
    env.reset(episode);
    for (let step = 0; step < stepCap && !env.done; step++) {
      if (env.step(act(env, rng)).info.success) successes++;
    }
  }
  return successes / episodes;
}

describe("named maps", () => {
  it.each(namedMapNames)("%s lures a hazard-blind policy into lava while greedy exact Q gets through", (map) => {
    const env = createGridWorld({ map, size: 9, slip: 0, gamma: 0.99 });
    const naive = successRate(env, naivePolicy(0.5, 0.15));
    const greedy = successRate(env, greedyOnExactQ);
    console.log(`${map}: naive softmax ${naive.toFixed(3)}, greedy exact Q ${greedy.toFixed(3)}`);
    expect(greedy).toBeGreaterThanOrEqual(0.95);
    expect(naive).toBeGreaterThan(0.1);
    expect(naive).toBeLessThan(0.6);
    expect(greedy - naive).toBeGreaterThan(0.35);
  });

  it("lava-bridge puts lava on the straight (diagonal) route from S to G", () => {
    const env = createGridWorld({ map: "lava-bridge", size: 9, slip: 0, gamma: 0.99 });
    const { agent, goal } = env.observe() as { agent: [number, number]; goal: [number, number] };
    const [startRow, startCol] = agent;
    const [goalRow, goalCol] = goal;
    const rows = env.render().split("\n");
    const onDiagonal = Array.from({ length: 20 }, (_, i) => {
      const t = i / 19;
      return rows[Math.round(startRow + t * (goalRow - startRow))]![Math.round(startCol + t * (goalCol - startCol))];
    });
    expect(onDiagonal).toContain("L");
  });

  it("every named map is reachable without lava and ends in the goal", () => {
    for (const map of namedMapNames) {
      const env = createGridWorld({ map, size: 9, slip: 0, gamma: 0.99 });
      let last;
      for (let step = 0; step < stepCap && !env.done; step++) last = env.step(greedyOnExactQ(env));
      expect(last?.info, map).toEqual({ success: true });
    }
  });
});
