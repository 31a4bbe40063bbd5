import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { GYM_PYTHON, gymnasium, needs } from "../../../test/fixtures/requirements.js";
import { CartPole } from "./cartpole.js";

const cartPole = (maxEpisodeSteps = 500) => CartPole.create({ maxEpisodeSteps });

describe("CartPole (TypeScript copy of CartPole-v1)", () => {
  it("steps exactly as Gymnasium's CartPole-v1 from the same start, action for action, to the pole's fall", needs(gymnasium()), () => {
    const starts = [
      [0.01, -0.02, 0.03, 0.04],
      [-0.049, 0.05, -0.01, 0.0],
      [2.3, 1.5, 0.0, 0.0], // leaves the track within a few steps
      [0.0, 0.0, 0.2, 1.0], // drops the pole at once
    ];
    // Actions from a fixed pattern, long enough for every start to end.
    const actions = Array.from({ length: 200 }, (_, i) => ((i * 7) % 5 < 2 ? 0 : 1));
    const script = [
      "import json, sys, numpy as np, gymnasium as gym",
      "starts, actions = json.loads(sys.argv[1])",
      "out = []",
      "for start in starts:",
      "    env = gym.make('CartPole-v1').unwrapped",
      "    env.reset(seed=0)",
      "    env.state = np.array(start, dtype=np.float64)",
      "    steps = []",
      "    for a in actions:",
      "        obs, reward, term, trunc, _ = env.step(a)",
      "        steps.append([[float(x) for x in obs], [float(x) for x in env.state], float(reward), bool(term)])",
      "        if term: break",
      "    out.append(steps)",
      "print(json.dumps(out))",
    ].join("\n");
    const gym = JSON.parse(execFileSync(GYM_PYTHON, ["-c", script, JSON.stringify([starts, actions])], { encoding: "utf8" })) as [number[], number[], number, boolean][][];
    starts.forEach((start, s) => {
      const env = cartPole();
      env.restore({ state: start, steps: 0, done: false, rng: (env.snapshot() as { rng: number[] }).rng });
      gym[s]!.forEach(([observation, state, reward, terminated], i) => {
        const result = env.step(actions[i]!);
        expect(result.observation).toEqual(observation); // float32 copies of float64 states that agree to the last bit or so
        (env.snapshot() as { state: number[] }).state.forEach((x, k) => expect(x).toBeCloseTo(state[k]!, 12));
        expect(result.reward).toBe(reward);
        expect(result.terminated).toBe(terminated);
      });
      expect(env.done).toBe(true);
    });
  });

  it("is truncated, not terminated, at its time limit, and refuses a step after the end", () => {
    const env = cartPole(2);
    env.reset(1);
    expect(env.step(0)).toMatchObject({ truncated: false, terminated: false, reward: 1 });
    expect(env.step(1)).toMatchObject({ truncated: true, terminated: false, reward: 1 });
    expect(() => env.step(0)).toThrow(/episode has ended/);
  });

  it("starts from a seeded state within ±0.05 and replays the same future from a snapshot, on a clone", () => {
    const env = cartPole();
    const start = env.reset(7) as number[];
    expect(start).toEqual(cartPole().reset(7));
    expect(start).not.toEqual(cartPole().reset(8));
    for (const x of start) expect(Math.abs(x)).toBeLessThanOrEqual(0.05);
    env.step(1);
    const snapshot = env.snapshot();
    const clone = env.clone();
    const ahead = [env.step(0), env.step(0)];
    clone.restore(snapshot);
    expect([clone.step(0), clone.step(0)]).toEqual(ahead);
  });

  it("encodes [x, ẋ, θ, θ̇] as flat, like the external CartPole-v1, and refuses other actions and shapes", () => {
    const env = cartPole();
    const observation = env.reset(3) as number[];
    expect(Array.from(env.encode("flat"))).toEqual(observation);
    expect(env.encodings).toEqual({ flat: expect.objectContaining({ shape: [4] }) });
    expect(() => env.encode("position")).toThrow(/no encoding "position"; its encodings: flat/);
    expect(() => env.encode("flat", [1, 2])).toThrow(/cannot encode/);
    expect(() => env.step(2)).toThrow(/not 0 \(push left\) or 1 \(push right\)/);
  });

  it("prefers pushing the way the pole leans (the naive heuristic)", () => {
    const env = cartPole();
    env.restore({ state: [0, 0, 0.1, -3], steps: 0, done: false, rng: (env.snapshot() as { rng: number[] }).rng });
    const [left, right] = env.naivePreferences!();
    expect(right).toBeGreaterThan(left!);
  });
});
