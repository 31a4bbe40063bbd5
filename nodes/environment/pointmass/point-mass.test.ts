import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Action, StepResult } from "../../../runtime/environment.js";
import { GYM_PYTHON, gymnasium, needs } from "../../../test/fixtures/requirements.js";
import { generateLayout } from "./layout.js";
import { POINT_MASS, pointMassStep, segmentDistance } from "./physics.js";
import { PointMass } from "./point-mass.js";

const pointMass = (maxEpisodeSteps = 100) => PointMass.create({ obstacles: 3, maxEpisodeSteps });

/** Heads for the goal, bent by a fixed wobble: reaches it on some layouts, hits the obstacle in the way on others. */
function wobblyRun(env: PointMass, seed: number): { actions: Action[]; results: StepResult[] } {
  env.reset(seed);
  const actions: Action[] = [];
  const results: StepResult[] = [];
  for (let i = 0; !env.done; i++) {
    const [fx, fy] = env.naiveProposals!().actions[0] as number[];
    const action = [fx! + 0.7 * Math.sin(i * 0.9 + seed), fy! - 0.6 * Math.cos(i * 0.5)];
    actions.push(action);
    results.push(env.step(action));
  }
  return { actions, results };
}

describe("PointMass (built-in; Gymnasium copy in python/foresight_env/point_mass.py)", () => {
  it("steps exactly as its Gymnasium copy from the same seeds, to the goal and into obstacles", needs(gymnasium()), () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const runs = seeds.map((seed) => wobblyRun(pointMass(), seed));
    const ends = runs.map(({ results }) => results.at(-1)!.info);
    expect(ends.some((info) => info.hazard === true)).toBe(true);
    expect(ends.some((info) => info.success === true)).toBe(true);
    const script = [
      "import json, sys, gymnasium as gym",
      "cases = json.loads(sys.argv[1])",
      "env = gym.make('foresight_env.point_mass:PointMass-v0')",
      "out = []",
      "for seed, actions in cases:",
      "    obs, _ = env.reset(seed=seed)",
      "    steps = [[float(x) for x in obs]]",
      "    for a in actions:",
      "        obs, reward, term, trunc, info = env.step(a)",
      "        steps.append([[float(x) for x in obs], float(reward), bool(term), bool(trunc), info])",
      "    out.append(steps)",
      "print(json.dumps(out))",
    ].join("\n");
    const cases = seeds.map((seed, i) => [seed, runs[i]!.actions]);
    const gym = JSON.parse(
      execFileSync(GYM_PYTHON, ["-c", script, JSON.stringify(cases)], { encoding: "utf8", env: { ...process.env, PYTHONPATH: resolve("python") } }),
    ) as [number[], ...[number[], number, boolean, boolean, Record<string, boolean>][]][];
    seeds.forEach((seed, s) => {
      const [start, ...steps] = gym[s]!;
      expect(pointMass().reset(seed), `seed ${seed}: start`).toEqual(start);
      steps.forEach(([observation, reward, terminated, truncated, info], i) => {
        const ours = runs[s]!.results[i]!;
        expect(ours, `seed ${seed}, step ${i}`).toEqual({ observation, reward, terminated, truncated, info });
      });
    });
  });

  it("ends on touching an obstacle with the penalty and a hazard, even when the step passes through it", () => {
    const layout = { start: { x: 0, y: 0 }, goal: { x: 0.9, y: 0, r: POINT_MASS.goalRadius }, obstacles: [{ x: 0, y: 0, r: 0.04 }] };
    // From rest a step moves 0.02 m: from −0.1 to −0.08, whose disc (radius 0.05) then overlaps the obstacle's (0.04).
    expect(pointMassStep({ x: -0.1, y: 0, vx: 0, vy: 0 }, 1, 0, layout).collided).toBe(true);
    expect(pointMassStep({ x: -0.2, y: 0, vx: 0, vy: 0 }, 1, 0, layout).collided).toBe(false);
    // At full speed a step moves 0.1 m: one that starts before a thin obstacle and ends past it still hits it.
    const through = pointMassStep({ x: -0.03, y: 0.054, vx: 1, vy: 0 }, 1, 0, { ...layout, obstacles: [{ x: 0.02, y: 0, r: 0.005 }] });
    expect(Math.hypot(through.next.x - 0.02, through.next.y)).toBeGreaterThan(0.055);
    expect(Math.hypot(-0.03 - 0.02, 0.054)).toBeGreaterThan(0.055);
    expect(through.collided).toBe(true);
    expect(through.reward).toBeLessThan(-0.9);
    expect(segmentDistance(0, 0, 1, 0, 0.5, 0.3)).toBeCloseTo(0.3, 12);
    expect(segmentDistance(0, 0, 0, 0, 3, 4)).toBe(5);
  });

  it("rewards progress towards the goal, with a bonus on reaching it, and stops at the walls without harm", () => {
    const layout = { start: { x: 0, y: 0 }, goal: { x: 0.5, y: 0, r: POINT_MASS.goalRadius }, obstacles: [] };
    const step = pointMassStep({ x: 0, y: 0, vx: 0.5, vy: 0 }, 1, 0, layout);
    expect(step.reward).toBeCloseTo(step.next.x, 12);
    const reach = pointMassStep({ x: 0.3, y: 0, vx: 1, vy: 0 }, 1, 0, layout);
    expect(reach).toMatchObject({ reached: true, collided: false });
    expect(reach.reward).toBeCloseTo(1 + 0.1, 12);
    const wall = pointMassStep({ x: 0.99, y: -0.99, vx: 0.7, vy: -0.7 }, 1, -1, layout);
    expect(wall.next).toEqual({ x: 1, y: -1, vx: 0, vy: 0 });
    expect(wall.collided).toBe(false);
    const capped = pointMassStep({ x: 0, y: 0, vx: 1, vy: 0 }, 1, 1, layout);
    expect(Math.hypot(capped.next.vx, capped.next.vy)).toBeCloseTo(POINT_MASS.maxSpeed, 12);
  });

  it("lays out each seed the same way every time, with an obstacle near the straight path and none on the start or the goal", () => {
    expect(generateLayout(11, 3)).toEqual(generateLayout(11, 3));
    expect(generateLayout(11, 3)).not.toEqual(generateLayout(12, 3));
    for (let seed = 0; seed < 200; seed++) {
      const { start, goal, obstacles } = generateLayout(seed, 3);
      const [blocker] = obstacles;
      expect(segmentDistance(start.x, start.y, goal.x, goal.y, blocker!.x, blocker!.y)).toBeLessThanOrEqual(0.4 + 1e-9);
      for (const o of obstacles) {
        expect(Math.hypot(o.x - start.x, o.y - start.y), `seed ${seed}`).toBeGreaterThan(o.r + POINT_MASS.agentRadius);
        expect(Math.hypot(o.x - goal.x, o.y - goal.y), `seed ${seed}`).toBeGreaterThan(o.r + goal.r);
      }
    }
  });

  it("is truncated, not terminated, at its time limit, and refuses a step after the end", () => {
    const env = pointMass(2);
    env.reset(1);
    expect(env.step([0, 0])).toMatchObject({ truncated: false, terminated: false, reward: 0 });
    expect(env.step([0, 0])).toMatchObject({ truncated: true, terminated: false });
    expect(() => env.step([0, 0])).toThrow(/episode has ended/);
  });

  it("replays the same future from a snapshot, on a clone, and refuses a snapshot of another configuration", () => {
    const env = pointMass();
    env.reset(4);
    env.step([1, 0.2]);
    const snapshot = env.snapshot();
    const clone = env.clone();
    const ahead = [env.step([0.5, -1]), env.step([1, 1])];
    clone.restore(snapshot);
    expect([clone.step([0.5, -1]), clone.step([1, 1])]).toEqual(ahead);
    expect(() => PointMass.create({ obstacles: 2, maxEpisodeSteps: 100 }).restore(snapshot)).toThrow(/2 obstacles, as this environment is configured/);
    expect(() => env.restore({ state: 1 })).toThrow(/not a pointmass snapshot/);
  });

  it("encodes its observation as flat, sized by the obstacles, and refuses other encodings, shapes and actions", () => {
    const env = pointMass();
    const observation = env.reset(3) as number[];
    expect(observation).toHaveLength(15);
    expect(Array.from(env.encode("flat"))).toEqual(observation);
    expect(env.encodings).toEqual({ flat: expect.objectContaining({ shape: [15] }) });
    expect(PointMass.create({ obstacles: 5, maxEpisodeSteps: 100 }).encodings.flat!.shape).toEqual([21]);
    expect(() => env.encode("position")).toThrow(/no encoding "position"; its encodings: flat/);
    expect(() => env.encode("flat", [1, 2])).toThrow(/not 15 numbers/);
    expect(() => env.step([1])).toThrow(/not a vector of 2 finite numbers/);
  });

  it("proposes full force straight at the goal as the naive pusher's favourite, and draws its scene", () => {
    const env = pointMass();
    env.reset(5);
    const { actions, scores } = env.naiveProposals!();
    const [fx, fy] = actions[0] as number[];
    const [, , , , gx, gy] = env.observe() as number[];
    expect(Math.max(Math.abs(fx!), Math.abs(fy!))).toBeCloseTo(1, 12);
    expect(fy! / fx!).toBeCloseTo(gy! / gx!, 5);
    expect(scores[0]).toBe(Math.max(...scores));
    expect(env.scene!()).toMatchObject({ kind: "pointmass", half: 1, obstacles: [expect.any(Object), expect.any(Object), expect.any(Object)] });
    expect(env.describeAction([0.5, -1])).toBe("force (0.50, -1.00)");
  });
});
