import { describe, expect, it } from "vitest";
import { Pendulum } from "../nodes/environment/pendulum/index.js";
import { transitionArrays, type TransitionRecord } from "../training/tasks/transitions.js";

/** Two Pendulum steps as the collector writes them, torque 0.5. */
function records(): TransitionRecord[] {
  return [0, 1].map((step) => ({
    episode: 0, step, observation: JSON.stringify([1, 0, 0]), action: "[0.5]", reward: -1, next_observation: JSON.stringify([1, 0, 0.1]), terminated: false, truncated: step === 1, hazard: false,
  }));
}

const read = (changed: TransitionRecord[]) => () => transitionArrays(changed, Pendulum.create({ g: 10, maxEpisodeSteps: 2 }), "flat");

describe("transitionArrays refuses values a model cannot be trained on, naming episode, step and field", () => {
  it("refuses numbers a 32-bit float cannot hold, which would end training in a NaN loss", () => {
    for (const [reward, shown] of [[1e39, "1e39"], [-1e300, "-1e300"]] as const) {
      const big = records();
      big[1]!["reward"] = reward;
      expect(read(big)).toThrow(`episode 0, step 1: reward ${shown} does not fit a 32-bit float (at most ±3.4e38)`);
    }
    const observation = records();
    observation[0]!["observation"] = "[1, 0, 1e39]";
    expect(read(observation)).toThrow("episode 0, step 0: observation entry 1e39 does not fit a 32-bit float");
    const next = records();
    next[1]!["next_observation"] = "[1e39, 0, 0]";
    expect(read(next)).toThrow("episode 0, step 1: next_observation entry 1e39 does not fit a 32-bit float");
  });

  it("refuses an action far outside the declared box, saying what the box is", () => {
    const outside = records();
    outside[1]!["action"] = "[50]";
    expect(read(outside)).toThrow('episode 0, step 1: action [50] is far outside "pendulum"\'s action space, a box of shape [1] with bounds [-2, 2] in every dimension (entry 0 is 50;');
    // A torque outside that a policy may send (an unclipped controller's) is the environment's to clip.
    const near = records();
    near[1]!["action"] = "[-16]";
    expect(read(near)).not.toThrow();
  });

  it("says a reward recorded as null was NaN or infinite", () => {
    const nulled = records();
    nulled[0]!["reward"] = null;
    expect(read(nulled)).toThrow("episode 0, step 0: reward null is not a finite number (recorded so where it was NaN or infinite)");
  });
});
