/**
 * The scenes of the classic control worlds: the built-in Pendulum and CartPole, as the environments
 * (nodes/environment/pendulum/, nodes/environment/cartpole/) write them once per episode, and
 * Gymnasium's (foresight_env's scenes.py sends them with each reset), as the editor's views
 * (renderer/environments/<kind>/) draw them. Only the constants: the views draw each step from its
 * observation. Type aliases, so they stay assignable to JsonValue.
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

/** Gymnasium's MountainCar (discrete pushes 0 left, 1 none, 2 right) and MountainCarContinuous (a force in [−1, 1]): the view reads the car from [position, velocity]. */
export type MountainCarScene = {
  kind: "mountaincar";
  /** The valley's ends (m): the hill is sin(3x), the car starts near the bottom… */
  minPosition: number;
  maxPosition: number;
  /** …and the episode succeeds once it reaches this position on the right. */
  goalPosition: number;
};
