/**
 * A point mass pushed by a bounded 2-D force through an arena with circular obstacles. The same
 * numbers, in the same order, as python/foresight_env/point_mass.py (its Gymnasium copy): only
 * +, −, ×, ÷ and √ on float64, each correctly rounded in both languages, so the two agree to the bit.
 */
export const POINT_MASS = {
  /** Positions lie in [−half, half] on both axes; the walls stop the mass without harm. */
  half: 1,
  /** Seconds per step. */
  dt: 0.1,
  /** Acceleration per unit of force (m/s² per unit). */
  accel: 2,
  /** Share of velocity lost per second (friction). */
  damping: 1,
  /** The speed is capped here (m/s): at most 0.1 m per step, thinner than any obstacle. */
  maxSpeed: 1,
  /** Force per axis lies in [−maxForce, maxForce]. */
  maxForce: 1,
  agentRadius: 0.05,
  goalRadius: 0.15,
  /** Reward on reaching the goal, on top of the progress made. */
  goalBonus: 1,
  /** Reward lost on touching an obstacle (the episode ends there). */
  collisionPenalty: 1,
} as const;

/** A disc: obstacle or goal. */
export interface Disc {
  x: number;
  y: number;
  r: number;
}

/** An episode's fixed layout: where the mass starts, the goal, the obstacles. */
export interface Layout {
  start: { x: number; y: number };
  goal: Disc;
  obstacles: Disc[];
}

/** Position (m) and velocity (m/s). */
export interface PointMassState {
  x: number;
  y: number;
  vx: number;
  vy: number;
}

/** What one step did. */
export interface PointMassStep {
  next: PointMassState;
  reward: number;
  /** The path of the step touched an obstacle. */
  collided: boolean;
  /** The path of the step entered the goal region (and touched no obstacle). */
  reached: boolean;
}

const clip = (value: number, bound: number) => Math.min(bound, Math.max(-bound, value));
const distance = (ax: number, ay: number, bx: number, by: number) => Math.sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));

/** Distance from a point to the segment a→b: a step's whole path counts, not only where it ends. */
export function segmentDistance(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / length2)) : 0;
  return distance(ax + t * dx, ay + t * dy, px, py);
}

/**
 * One step under force (fx, fy) (clipped to the box): damped velocity plus the push, the speed
 * capped, the position moved and stopped at the walls. Reward: the progress towards the goal's
 * centre, plus the bonus on reaching it, less the penalty on touching an obstacle.
 */
export function pointMassStep(state: PointMassState, fx: number, fy: number, layout: Layout): PointMassStep {
  const { half, dt, accel, damping, maxSpeed, maxForce, agentRadius, goalRadius, goalBonus, collisionPenalty } = POINT_MASS;
  const keep = 1 - damping * dt;
  let vx = state.vx * keep + accel * clip(fx, maxForce) * dt;
  let vy = state.vy * keep + accel * clip(fy, maxForce) * dt;
  const speed = Math.sqrt(vx * vx + vy * vy);
  if (speed > maxSpeed) {
    vx = (vx * maxSpeed) / speed;
    vy = (vy * maxSpeed) / speed;
  }
  let x = state.x + vx * dt;
  let y = state.y + vy * dt;
  if (x > half || x < -half) {
    x = clip(x, half);
    vx = 0;
  }
  if (y > half || y < -half) {
    y = clip(y, half);
    vy = 0;
  }
  const collided = layout.obstacles.some((o) => segmentDistance(state.x, state.y, x, y, o.x, o.y) < o.r + agentRadius);
  const reached = !collided && segmentDistance(state.x, state.y, x, y, layout.goal.x, layout.goal.y) < goalRadius;
  const { goal } = layout;
  let reward = distance(state.x, state.y, goal.x, goal.y) - distance(x, y, goal.x, goal.y);
  if (reached) reward += goalBonus;
  if (collided) reward -= collisionPenalty;
  return { next: { x, y, vx, vy }, reward, collided, reached };
}

/**
 * The observation, float32 as Gymnasium's Box gives it: position, velocity, the goal relative to
 * the mass, then per obstacle its centre relative to the mass and the clearance (distance between
 * the two discs' edges; below 0 is a collision). Relative positions and clearances are what a
 * learned model needs to foresee a collision without learning geometry from absolute coordinates.
 */
export function pointMassObservation(state: PointMassState, layout: Layout): number[] {
  const { x, y, vx, vy } = state;
  const values = [x, y, vx, vy, layout.goal.x - x, layout.goal.y - y];
  for (const o of layout.obstacles) values.push(o.x - x, o.y - y, distance(x, y, o.x, o.y) - o.r - POINT_MASS.agentRadius);
  return values.map((value) => Math.fround(value));
}
