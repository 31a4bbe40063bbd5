import { createHash } from "node:crypto";
import { POINT_MASS, type Disc, type Layout } from "./physics.js";

/**
 * Uniform draws in [0, 1) from SHA-256 of "pointmass/<seed>/<k>": the first 48 bits over 2^48.
 * Python's hashlib gives the same bits, so the Gymnasium copy (python/foresight_env/point_mass.py)
 * lays out the same episode for the same seed, and results on both routes compare seed for seed.
 */
export class LayoutDraws {
  private k = 0;

  constructor(private readonly seed: number) {}

  next(): number {
    const digest = createHash("sha256").update(`pointmass/${this.seed}/${this.k++}`).digest();
    return digest.readUIntBE(0, 6) / 2 ** 48;
  }

  /** Uniform in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.next();
  }
}

/** Redraws allowed for one obstacle that would cover the start or the goal; the last draw stands after them. */
const MAX_REDRAWS = 100;

/**
 * An episode's layout: start on the left, goal on the right, one obstacle near the straight line
 * between them (centre up to ±0.4 m off it, so a straight run gets past it about a third of the time), the others
 * anywhere in the middle. No obstacle covers the start or the goal region.
 */
export function generateLayout(seed: number, obstacleCount: number): Layout {
  const draw = new LayoutDraws(seed);
  const start = { x: draw.between(-0.85, -0.75), y: draw.between(-0.8, 0.8) };
  const goal: Disc = { x: draw.between(0.75, 0.85), y: draw.between(-0.8, 0.8), r: POINT_MASS.goalRadius };
  const dx = goal.x - start.x;
  const dy = goal.y - start.y;
  const length = Math.sqrt(dx * dx + dy * dy);
  const clear = (o: Disc) =>
    Math.sqrt((o.x - start.x) * (o.x - start.x) + (o.y - start.y) * (o.y - start.y)) > o.r + 0.2 &&
    Math.sqrt((o.x - goal.x) * (o.x - goal.x) + (o.y - goal.y) * (o.y - goal.y)) > o.r + goal.r + 0.1;
  const obstacles: Disc[] = [];
  for (let i = 0; i < obstacleCount; i++) {
    let obstacle: Disc = { x: 0, y: 0, r: 0 };
    for (let attempt = 0; attempt < MAX_REDRAWS; attempt++) {
      if (i === 0) {
        const t = draw.between(0.35, 0.65);
        const offset = draw.between(-0.4, 0.4);
        const r = draw.between(0.15, 0.25);
        obstacle = { x: start.x + t * dx - (offset * dy) / length, y: start.y + t * dy + (offset * dx) / length, r };
      } else {
        obstacle = { x: draw.between(-0.5, 0.5), y: draw.between(-0.9, 0.9), r: draw.between(0.12, 0.22) };
      }
      if (clear(obstacle)) break;
    }
    obstacles.push(obstacle);
  }
  return { start, goal, obstacles };
}
