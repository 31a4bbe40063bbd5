/**
 * Gymnasium's CartPole-v1 (gymnasium/envs/classic_control/cartpole.py), number for number: a pole
 * hinged on a cart that is pushed left or right with a force of 10 N, explicit Euler steps of
 * 0.02 s. The state is kept in float64 as Gymnasium keeps it; observations are its float32 copy.
 */
export const CARTPOLE = {
  gravity: 9.8,
  massCart: 1.0,
  massPole: 0.1,
  /** Half the pole's length, as Gymnasium's `length`. */
  halfLength: 0.5,
  forceMag: 10.0,
  tau: 0.02,
  /** The episode terminates once the pole leans more than 12° … */
  thetaThreshold: (12 * 2 * Math.PI) / 360,
  /** … or the cart leaves ±2.4. */
  xThreshold: 2.4,
} as const;

/** Cart position (m), cart velocity, pole angle (rad, 0 upright, positive leaning right), pole angular velocity. */
export type CartPoleState = readonly [x: number, xDot: number, theta: number, thetaDot: number];

/** One step under action 0 (push left) or 1 (push right), and whether it ends the episode. */
export function cartPoleStep(state: CartPoleState, action: 0 | 1): { next: CartPoleState; terminated: boolean } {
  const { gravity, massCart, massPole, halfLength, forceMag, tau, thetaThreshold, xThreshold } = CARTPOLE;
  const totalMass = massPole + massCart;
  const poleMassLength = massPole * halfLength;
  const [x, xDot, theta, thetaDot] = state;
  const force = action === 1 ? forceMag : -forceMag;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const temp = (force + poleMassLength * thetaDot * thetaDot * sin) / totalMass;
  const thetaAcc = (gravity * sin - cos * temp) / (halfLength * (4.0 / 3.0 - (massPole * cos * cos) / totalMass));
  const xAcc = temp - (poleMassLength * thetaAcc * cos) / totalMass;
  const next: CartPoleState = [x + tau * xDot, xDot + tau * xAcc, theta + tau * thetaDot, thetaDot + tau * thetaAcc];
  const terminated = next[0] < -xThreshold || next[0] > xThreshold || next[2] < -thetaThreshold || next[2] > thetaThreshold;
  return { next, terminated };
}

/** The observation CartPole-v1 gives: the state as float32 numbers. */
export function cartPoleObservation(state: CartPoleState): number[] {
  return state.map((value) => Math.fround(value));
}
