import { describe, expect, it } from "vitest";
import { createGridWorld } from "../nodes/environment/gridworld/index.js";
import { replaySteps, type ForkReplay, type RecordedStep } from "../runtime/engine/replay.js";

const origin = { runDir: "runs/original", episode: 2, step: 3 };

/** Three steps played on a real GridWorld, recorded as a trace would have them. */
function recorded(): RecordedStep[] {
  const env = createGridWorld({ map: "lava-bridge", size: 9, slip: 0.3, gamma: 0.99 });
  env.reset(42);
  return [1, 1, 2].map((action, step) => {
    const observation = env.observe();
    const result = env.step(action);
    return { step, action, reward: result.reward, done: result.terminated, envSteps: 1, observation };
  });
}

const fresh = () => {
  const env = createGridWorld({ map: "lava-bridge", size: 9, slip: 0.3, gamma: 0.99 });
  env.reset(42);
  return env;
};

describe("replaying a fork's recorded steps", () => {
  it("reproduces the recorded observations, rewards and ends on a freshly reset environment", () => {
    const steps = recorded();
    const replay: ForkReplay = { origin, seed: 1, steps };
    expect([...replaySteps(fresh(), replay)].map((r) => [r.observation, r.reward, r.done])).toEqual(steps.map((s) => [s.observation, s.reward, s.done]));
  });

  it("names run, episode and step when an observation differs (another seed, so another state)", () => {
    const env = createGridWorld({ map: "lava-bridge", size: 9, slip: 0.3, gamma: 0.99 });
    env.reset(7);
    const steps = recorded();
    steps[1]!.observation = { agent: [5, 5], goal: [6, 8], map: "lava-bridge" };
    expect(() => [...replaySteps(env, { origin, seed: 1, steps })]).toThrow(
      /^run runs\/original, episode 2, step 1: replaying the recorded actions diverged: the environment observes .* the trace has \{"agent":\[5,5\]/,
    );
  });

  it("refuses to fork from a state the environment cannot snapshot", () => {
    const env = fresh();
    env.snapshot = () => {
      throw new Error("state lives on a remote server");
    };
    expect(() => [...replaySteps(env, { origin, seed: 1, steps: recorded() })]).toThrow(
      'run runs/original, episode 2, step 3 cannot be restored: the environment "gridworld" cannot snapshot and restore its state (state lives on a remote server)',
    );
  });
});
