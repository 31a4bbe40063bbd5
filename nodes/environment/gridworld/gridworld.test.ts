import { describe, expect, it } from "vitest";
import type { Observation, StepResult } from "../../../runtime/environment.js";
import { Rng } from "../../../runtime/rng.js";
import { createGridWorld } from "./create.js";

const up = 0;
const right = 1;
const down = 2;
const left = 3;

function world(layout: readonly string[], slip = 0) {
  return createGridWorld({ map: "custom", layout, size: 9, slip, gamma: 0.99 });
}

/** Open ground with the goal far away, so long random walks rarely end. */
const field = ["..........", "..........", "....S.....", "..........", "..........", "..........", ".........G"];

describe("stepping", () => {
  it("pays the step cost for floor and bumps, +1 and success for the goal", () => {
    const env = world(["S.G"]);
    expect(env.step(up)).toMatchObject({ reward: -0.01, terminated: false, truncated: false, observation: { agent: [0, 0] } });
    expect(env.step(right)).toMatchObject({ reward: -0.01, terminated: false, observation: { agent: [0, 1] } });
    const last = env.step(right);
    expect(last).toMatchObject({ reward: 1, terminated: true, info: { success: true } });
    expect(env.done).toBe(true);
  });

  it("ends the episode irreversibly with −1 on lava", () => {
    const env = world(["LSG"]);
    const result = env.step(left);
    expect(result).toMatchObject({ reward: -1, terminated: true, info: { hazard: true, irreversible: true } });
    expect(result.info.success).toBeUndefined();
  });

  it("treats walls like the edge: the agent stays", () => {
    const env = world(["S#G", "..."]);
    expect(env.step(right).observation).toEqual({ agent: [0, 0], goal: [0, 2], map: "custom" });
  });

  it("refuses to step after the episode ended", () => {
    const env = world(["SG"]);
    env.step(right);
    expect(() => env.step(right)).toThrow(/after the episode ended.*reset/);
    env.reset(1);
    expect(env.step(right).reward).toBe(1);
  });

  it("rejects actions that are not one of the four moves", () => {
    const env = world(["S.G"]);
    expect(() => env.step(4)).toThrow(/integer 0\.\.3/);
    expect(() => env.step("up")).toThrow(/integer 0\.\.3/);
    expect(() => env.describeAction(1.5)).toThrow(/integer 0\.\.3/);
  });

  it("describes actions and renders the agent over the map", () => {
    const env = world(["S.G", "L.."]);
    expect(env.actionSpace).toEqual({ kind: "discrete", n: 4, labels: ["up", "right", "down", "left"] });
    expect([0, 1, 2, 3].map((a) => env.describeAction(a))).toEqual(["up", "right", "down", "left"]);
    expect(env.render()).toBe("A.G\nL..");
    env.step(right);
    expect(env.render()).toBe("SAG\nL..");
  });

  it("observes agent, goal and the map's name", () => {
    const env = createGridWorld({ map: "cliff", size: 9, slip: 0, gamma: 0.99 });
    expect(env.reset(3)).toEqual({ agent: [1, 0], goal: [1, 13], map: "cliff" });
  });
});

describe("slip", () => {
  it("replaces the intended move by each perpendicular one about slip/2 of the time", () => {
    const slip = 0.3;
    const env = world(field, slip);
    const counts = { intended: 0, left: 0, right: 0, other: 0 };
    const draws = 20_000;
    for (let seed = 0; seed < draws; seed++) {
      env.reset(seed);
      const [row, col] = (env.step(up).observation as { agent: [number, number] }).agent;
      if (row === 1 && col === 4) counts.intended++;
      else if (row === 2 && col === 3) counts.left++;
      else if (row === 2 && col === 5) counts.right++;
      else counts.other++;
    }
    // Binomial standard deviations are ≤ 0.0033 here; allow about five of them.
    expect(Math.abs(counts.intended / draws - (1 - slip))).toBeLessThan(0.015);
    expect(Math.abs(counts.left / draws - slip / 2)).toBeLessThan(0.015);
    expect(Math.abs(counts.right / draws - slip / 2)).toBeLessThan(0.015);
    expect(counts.other).toBe(0);
  });

  it("never slips when slip is 0", () => {
    const env = world(field, 0);
    for (let i = 0; i < 3; i++) expect(env.step(left).info.slipped).toBeUndefined();
    expect(env.observe()).toMatchObject({ agent: [2, 1] });
  });

  it("gives the hazard probability of each move, slips included, and flags the intended move into lava", () => {
    const env = world([".L.", ".S.", "..G"], 0.2);
    expect([0, 1, 2, 3].map((a) => env.hazardProbability(a))).toEqual([0.8, 0.1, 0, 0.1]);
    expect([0, 1, 2, 3].map((a) => env.isIrreversible(a))).toEqual([true, false, false, false]);
  });
});

describe("seeds, snapshots and clones", () => {
  it("replays the same episode from the same reset seed", () => {
    const first = playRandom(world(field, 0.4), 11, 60, 5);
    const second = playRandom(world(field, 0.4), 11, 60, 5);
    expect(second).toEqual(first);
    expect(playRandom(world(field, 0.4), 12, 60, 5)).not.toEqual(first);
  });

  it("restores a snapshot on a clone and reproduces the same future, slip draws included", () => {
    const env = world(field, 0.4);
    env.reset(21);
    const policy = Rng.fromSeed(99);
    for (let i = 0; i < 10; i++) env.step(policy.int(4));
    const simulator = env.clone();
    for (let i = 0; i < 15; i++) simulator.step(policy.int(4)); // wander off, consuming draws
    const snapshot = env.snapshot();
    const actions = Array.from({ length: 30 }, () => policy.int(4));

    const expected = actions.map((a) => (env.done ? null : env.step(a)));
    simulator.restore(JSON.parse(JSON.stringify(snapshot)));
    const replayed = actions.map((a) => (simulator.done ? null : simulator.step(a)));
    expect(replayed).toEqual(expected);
    expect(expected.filter((r) => r?.info.slipped).length).toBeGreaterThan(3);
  });

  it("keeps a clone independent of the original, random stream included", () => {
    const env = world(field, 0.5);
    env.reset(4);
    const wanderer = env.clone();
    const twin = env.clone();
    for (let i = 0; i < 20; i++) wanderer.step(i % 4);
    expect(env.observe()).toMatchObject({ agent: [2, 4] });
    const moves = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? left : right));
    expect(moves.map((a) => twin.step(a))).toEqual(moves.map((a) => env.step(a)));
  });

  it("changes the slip draws on reseed without moving the agent", () => {
    const env = world(field, 0.5);
    env.reset(5);
    const reseeded = env.clone();
    reseeded.reseed(6);
    expect(reseeded.observe()).toEqual(env.observe());
    const moves = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? up : down));
    const original = moves.map((a) => env.step(a).info.slipped ?? false);
    const other = moves.map((a) => reseeded.step(a).info.slipped ?? false);
    expect(other).not.toEqual(original);
  });

  it("restores a generated map's snapshot into an instance that is on another map", () => {
    const config = { map: "random", size: 9, slip: 0.2, gamma: 0.99 };
    const env = createGridWorld(config);
    env.reset(8);
    const other = createGridWorld(config);
    other.reset(9);
    other.restore(env.snapshot());
    expect(other.render()).toBe(env.render());
    expect(other.observe()).toEqual(env.observe());
    expect(other.observe()).toMatchObject({ map: "random-8" });
    expect(other.exactQ()).toEqual(env.exactQ());
  });

  it("refuses a snapshot that is not one of its own", () => {
    const env = world(field);
    expect(() => env.restore({ agent: [0, 0] })).toThrow(/not a gridworld snapshot/);
    expect(() => env.restore({ ...(env.snapshot() as object), agent: [40, 0] })).toThrow(/not a free cell/);
  });
});

describe("naive preferences", () => {
  it("head straight through lava when lava lies on the shortest way", () => {
    const env = world(["SLG", "..."]);
    // Lava-blind distances to G: via the lava 1, from (1,0) 3, and bumps stay at 2 (+1).
    expect(env.naivePreferences()).toEqual([-3, -1, -3, -3]);
    expect(env.isIrreversible(right)).toBe(true);
    const q = env.exactQ();
    expect(q.indexOf(Math.max(...q))).toBe(down);
  });

  it("respect walls", () => {
    const env = world(["S#G", "..."]);
    // S's distance around the wall is 4, so bumping into it scores −5.
    expect(env.naivePreferences()).toEqual([-5, -5, -3, -5]);
  });
});

function playRandom(env: ReturnType<typeof world>, seed: number, steps: number, policySeed: number): (StepResult | Observation)[] {
  const policy = Rng.fromSeed(policySeed);
  const trace: (StepResult | Observation)[] = [env.reset(seed)];
  for (let i = 0; i < steps && !env.done; i++) trace.push(env.step(policy.int(4)));
  return trace;
}
