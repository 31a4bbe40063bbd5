/**
 * The scenes of the built-in Pendulum and CartPole, as the environments (nodes/environment/pendulum/,
 * nodes/environment/cartpole/) write them once per episode and the editor's views
 * (renderer/environments/pendulum/, renderer/environments/cartpole/) draw them. Only the constants:
 * the views draw each step from its observation. Type aliases, so they stay assignable to JsonValue.
 */

/** Pendulum-v1: the view reads θ from the observation [cos θ, sin θ, θ̇] (θ = 0 upright, positive counterclockwise). */
export type PendulumScene = {
  kind: "pendulum";
  /** The torque bound: actions lie in [−maxTorque, maxTorque]. */
  maxTorque: number;
};

/** CartPole-v1: the view reads the cart and pole from the observation [x, ẋ, θ, θ̇] (θ = 0 upright, positive leaning right). */
export type CartPoleScene = {
  kind: "cartpole";
  /** The episode ends once the cart leaves [−xThreshold, xThreshold] (m)… */
  xThreshold: number;
  /** …or the pole leans further than this (rad). */
  thetaThreshold: number;
  /** The pole's length (m). */
  poleLength: number;
};
