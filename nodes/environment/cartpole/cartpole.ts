import { z } from "zod";
import type { Action } from "../../../runtime/environment.js";
import { ControlEnvironment, type ControlWorld } from "../control/control-environment.js";
import { CARTPOLE, cartPoleObservation, cartPoleStep, type CartPoleState } from "./physics.js";

/** What every clone shares. */
export interface CartPoleSettings {
  maxEpisodeSteps: number;
}

/**
 * CartPole-v1 in TypeScript, so the CartPole templates run without Python. The start state is drawn
 * from its own seeded stream (each of the four numbers uniform in [−0.05, 0.05], as Gymnasium draws
 * them), so the same seed gives another start than Gymnasium's would; dynamics, rewards and ends
 * are the same.
 */
export const cartPoleWorld: ControlWorld<CartPoleState> = {
  name: "cartpole",
  actionSpace: Object.freeze({ kind: "discrete", n: 2, labels: ["push left", "push right"] }),
  // The same encoding an external CartPole-v1 offers (docs/encodings.md), so one model serves both routes.
  flat: { shape: [4], description: "[x, ẋ, θ, θ̇], as gymnasium.spaces.flatten gives CartPole-v1's observation" },
  stateSchema: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  // Upright at rest in the middle.
  initial: [0, 0, 0, 0],
  start: (rng) => [0, 0, 0, 0].map(() => 0.1 * rng.float() - 0.05) as unknown as CartPoleState,
  observe: cartPoleObservation,
  step(state, action) {
    if (action !== 0 && action !== 1) throw new Error(`cartpole: action ${JSON.stringify(action)} is not 0 (push left) or 1 (push right)`);
    const { next, terminated } = cartPoleStep(state, action);
    // Every step is worth 1, the one that drops the pole included (Gymnasium's default reward).
    return { next, reward: 1, terminated };
  },
  render: ([x, xDot, theta, thetaDot]) => `x = ${x.toFixed(3)} m, ẋ = ${xDot.toFixed(3)} m/s, θ = ${theta.toFixed(3)} rad, θ̇ = ${thetaDot.toFixed(3)} rad/s`,
  describeAction: (action: Action) => (action === 0 ? "push left" : action === 1 ? "push right" : JSON.stringify(action)),
  scene: () => ({ kind: "cartpole", xThreshold: CARTPOLE.xThreshold, thetaThreshold: CARTPOLE.thetaThreshold, poleLength: 2 * CARTPOLE.halfLength }),
  /** Push the way the pole leans, blind to its speed and to the cart's edge: the weak heuristic the CartPole policy is cloned from. */
  naivePreferences(state) {
    const lean = state[2] / CARTPOLE.thetaThreshold;
    return [-lean, lean];
  },
};

/** The built-in CartPole. */
export type CartPole = ControlEnvironment<CartPoleState>;

export const CartPole = {
  create: (settings: CartPoleSettings): CartPole => new ControlEnvironment(cartPoleWorld, settings.maxEpisodeSteps),
};
