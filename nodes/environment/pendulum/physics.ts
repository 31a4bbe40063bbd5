/**
 * Gymnasium's Pendulum-v1 (gymnasium/envs/classic_control/pendulum.py), number for number: a rod
 * of mass 1 and length 1 hinged at one end, torque in [−2, 2], speed clipped to ±8 rad/s,
 * θ = 0 upright. Reward −(θ² + 0.1·θ̇² + 0.001·u²) with θ normalised to [−π, π).
 */
export const PENDULUM = { maxSpeed: 8, maxTorque: 2, dt: 0.05, m: 1, l: 1 } as const;

/** The pendulum's state: angle (rad, 0 upright) and angular velocity (rad/s). */
export interface PendulumState {
  theta: number;
  thetaDot: number;
}

/** θ wrapped into [−π, π), as Python's `((x + π) % 2π) − π` (whose % is never negative). */
export function angleNormalize(theta: number): number {
  const period = 2 * Math.PI;
  return ((((theta + Math.PI) % period) + period) % period) - Math.PI;
}

/** One step of the dynamics under torque `u` (clipped), and its reward. */
export function pendulumStep(state: PendulumState, u: number, g: number): { next: PendulumState; reward: number } {
  const { maxSpeed, maxTorque, dt, m, l } = PENDULUM;
  const torque = Math.min(maxTorque, Math.max(-maxTorque, u));
  const { theta, thetaDot } = state;
  const cost = angleNormalize(theta) ** 2 + 0.1 * thetaDot ** 2 + 0.001 * torque ** 2;
  const accelerated = thetaDot + ((3 * g) / (2 * l) * Math.sin(theta) + (3 / (m * l * l)) * torque) * dt;
  const nextDot = Math.min(maxSpeed, Math.max(-maxSpeed, accelerated));
  return { next: { theta: theta + nextDot * dt, thetaDot: nextDot }, reward: -cost };
}

/** The observation Pendulum-v1 gives: [cos θ, sin θ, θ̇]. */
export function pendulumObservation(state: PendulumState): number[] {
  return [Math.cos(state.theta), Math.sin(state.theta), state.thetaDot];
}
