import { z } from "zod";
import type { ActionSpace } from "../../../runtime/environment.js";
import { actionVector } from "../../../runtime/action-box.js";
import { ControlEnvironment, type ControlWorld } from "../control/control-environment.js";
import { PENDULUM, pendulumObservation, pendulumStep, type PendulumState } from "./physics.js";

/** What every clone shares. */
export interface PendulumSettings {
  g: number;
  maxEpisodeSteps: number;
}

const actionSpace: ActionSpace = Object.freeze({ kind: "box", shape: [1], low: [-PENDULUM.maxTorque], high: [PENDULUM.maxTorque] });

/**
 * Pendulum-v1 in TypeScript, so the Pendulum templates run without Python. The start state is
 * drawn from its own seeded stream (θ ∈ [−π, π], θ̇ ∈ [−1, 1], as Gymnasium draws them), so the
 * same seed gives another start than Gymnasium's would; the dynamics and rewards are the same.
 */
export function pendulumWorld(g: number): ControlWorld<PendulumState> {
  return {
    name: "pendulum",
    actionSpace,
    // The same encoding an external Pendulum-v1 offers (docs/encodings.md), so one model serves both routes.
    flat: { shape: [3], description: "[cos θ, sin θ, θ̇], as gymnasium.spaces.flatten gives Pendulum-v1's observation" },
    stateSchema: z.object({ theta: z.number(), thetaDot: z.number() }),
    // Hanging down at rest.
    initial: { theta: Math.PI, thetaDot: 0 },
    start: (rng) => ({ theta: Math.PI * (2 * rng.float() - 1), thetaDot: 2 * rng.float() - 1 }),
    observe: pendulumObservation,
    step(state, action) {
      const [u] = actionVector(action, 1, "pendulum");
      const { next, reward } = pendulumStep(state, u!, g);
      // Pendulum-v1 never terminates; its time limit truncates.
      return { next, reward, terminated: false };
    },
    render: ({ theta, thetaDot }) => `θ = ${theta.toFixed(3)} rad, θ̇ = ${thetaDot.toFixed(3)} rad/s`,
    describeAction(action) {
      const [u] = actionVector(action, 1, "pendulum");
      return `torque ${u!.toFixed(3)}`;
    },
    scene: () => ({ kind: "pendulum", maxTorque: PENDULUM.maxTorque }),
  };
}

/** The built-in Pendulum. */
export type Pendulum = ControlEnvironment<PendulumState>;

export const Pendulum = {
  create: (settings: PendulumSettings): Pendulum => new ControlEnvironment(pendulumWorld(settings.g), settings.maxEpisodeSteps),
};
