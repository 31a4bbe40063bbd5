import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { GYM_PYTHON, gymnasium, needs } from "../../../test/fixtures/requirements.js";
import { angleNormalize, pendulumStep } from "./physics.js";
import { Pendulum } from "./pendulum.js";

const pendulum = () => Pendulum.create({ g: 10, maxEpisodeSteps: 200 });

describe("Pendulum (TypeScript copy of Pendulum-v1)", () => {
  it("steps exactly as Gymnasium's Pendulum-v1 from the same states and torques", needs(gymnasium()), () => {
    const cases = [
      [Math.PI, 0, 0],
      [0.3, -1.2, 1.5],
      [-2.9, 7.9, 2],
      [1.0, 0.5, -5], // torque beyond the bound: clipped to −2
      [5.0, -7.99, -0.4], // angle beyond π: normalised in the cost
    ];
    const script = [
      "import json, sys, numpy as np, gymnasium as gym",
      "env = gym.make('Pendulum-v1').unwrapped",
      "env.reset(seed=0)",
      "out = []",
      "for th, thdot, u in json.loads(sys.argv[1]):",
      "    env.state = np.array([th, thdot])",
      "    obs, reward, term, trunc, _ = env.step(np.array([u], dtype=np.float32))",
      "    out.append([float(reward), float(env.state[0]), float(env.state[1]), [float(x) for x in obs], bool(term)])",
      "print(json.dumps(out))",
    ].join("\n");
    const gym = JSON.parse(execFileSync(GYM_PYTHON, ["-c", script, JSON.stringify(cases)], { encoding: "utf8" })) as [number, number, number, number[], boolean][];
    cases.forEach(([theta, thetaDot, u], i) => {
      const [reward, nextTheta, nextDot, observation, terminated] = gym[i]!;
      const { next, reward: ours } = pendulumStep({ theta: theta!, thetaDot: thetaDot! }, Math.fround(u!), 10);
      expect(ours).toBeCloseTo(reward, 5);
      expect(next.theta).toBeCloseTo(nextTheta, 5);
      expect(next.thetaDot).toBeCloseTo(nextDot, 5);
      const env = pendulum();
      env.restore({ ...(env.snapshot() as Record<string, never>), state: { theta: theta!, thetaDot: thetaDot! } });
      const result = env.step([u!]);
      (result.observation as number[]).forEach((x, k) => expect(x).toBeCloseTo(observation[k]!, 5));
      expect(result.terminated).toBe(terminated);
    });
  });

  it("normalises angles into [−π, π) as Python's modulo does", () => {
    expect(angleNormalize(0)).toBeCloseTo(0, 12);
    expect(angleNormalize(2 * Math.PI + 0.5)).toBeCloseTo(0.5, 12);
    expect(angleNormalize(-Math.PI - 0.5)).toBeCloseTo(Math.PI - 0.5, 12);
    expect(angleNormalize(Math.PI)).toBeCloseTo(-Math.PI, 12);
  });

  it("is truncated, never terminated, at its time limit", () => {
    const env = Pendulum.create({ g: 10, maxEpisodeSteps: 3 });
    env.reset(1);
    expect(env.step([0]).truncated).toBe(false);
    expect(env.step([0]).truncated).toBe(false);
    const last = env.step([0]);
    expect(last).toMatchObject({ truncated: true, terminated: false });
    expect(env.done).toBe(true);
    expect(() => env.step([0])).toThrow(/episode has ended/);
  });

  it("starts from a seeded state and replays the same future from a snapshot, on a clone", () => {
    const env = pendulum();
    expect(env.reset(7)).toEqual(pendulum().reset(7));
    expect(env.reset(7)).not.toEqual(pendulum().reset(8));
    env.step([1]);
    const snapshot = env.snapshot();
    const clone = env.clone();
    const ahead = [env.step([0.5]), env.step([-2])];
    clone.restore(snapshot);
    expect([clone.step([0.5]), clone.step([-2])]).toEqual(ahead);
  });

  it("encodes [cos θ, sin θ, θ̇] as flat, like the external Pendulum-v1, and refuses other shapes", () => {
    const env = pendulum();
    const observation = env.reset(3) as number[];
    expect(Array.from(env.encode("flat"))).toEqual(Array.from(Float32Array.from(observation)));
    expect(env.encodings).toEqual({ flat: expect.objectContaining({ shape: [3] }) });
    expect(() => env.encode("position")).toThrow(/no encoding "position"; its encodings: flat/);
    expect(() => env.encode("flat", [1, 2])).toThrow(/cannot encode/);
    expect(() => env.step([1, 2])).toThrow(/not a vector of 1 finite numbers/);
  });
});
