import { z } from "zod";
import type { PointMassScene } from "../../../protocol/point-mass.js";
import type { Action, ActionSpace } from "../../../runtime/environment.js";
import { actionVector } from "../../../runtime/action-box.js";
import { ControlEnvironment, type ControlWorld } from "../control/control-environment.js";
import { generateLayout } from "./layout.js";
import { POINT_MASS, pointMassObservation, pointMassStep, type Layout, type PointMassState } from "./physics.js";

/** What every clone shares. */
export interface PointMassSettings {
  obstacles: number;
  maxEpisodeSteps: number;
}

/** An episode's layout (fixed by its seed) and where the mass is. */
export interface PointMassWorldState {
  layout: Layout;
  mass: PointMassState;
}

const actionSpace: ActionSpace = Object.freeze({ kind: "box", shape: [2], low: -POINT_MASS.maxForce, high: POINT_MASS.maxForce });

/** The eight compass directions the scripted pusher may try instead of heading for the goal. */
const COMPASS = Array.from({ length: 8 }, (_, k) => [Math.cos((k * Math.PI) / 4), Math.sin((k * Math.PI) / 4)] as const);

const disc = z.object({ x: z.number(), y: z.number(), r: z.number() });

const atStart = (layout: Layout): PointMassWorldState => ({ layout, mass: { ...layout.start, vx: 0, vy: 0 } });

/**
 * A point mass pushed towards a goal among circular obstacles: touching one is a hazard that ends
 * the episode with a penalty, entering the goal region a success (docs/pointmass.md). Nothing is
 * drawn after reset (the seed fixes the layout), so snapshots replay exactly.
 */
export function pointMassWorld(obstacles: number): ControlWorld<PointMassWorldState> {
  return {
    name: "pointmass",
    actionSpace,
    flat: {
      shape: [6 + 3 * obstacles],
      description: "[x, y, vx, vy, goal x − x, goal y − y, then per obstacle: its x − x, y − y, clearance], as gymnasium.spaces.flatten gives PointMass-v0's observation",
    },
    stateSchema: z.object({
      layout: z.object({
        start: z.object({ x: z.number(), y: z.number() }),
        goal: disc,
        obstacles: z.array(disc).length(obstacles, `${obstacles} obstacles, as this environment is configured`),
      }),
      mass: z.object({ x: z.number(), y: z.number(), vx: z.number(), vy: z.number() }),
    }),
    initial: atStart(generateLayout(0, obstacles)),
    start: (_rng, seed) => atStart(generateLayout(seed, obstacles)),
    observe: ({ layout, mass }) => pointMassObservation(mass, layout),
    step({ layout, mass }, action) {
      const [fx, fy] = actionVector(action, 2, "pointmass");
      // Read at float32 precision, as the Gymnasium copy's Box(float32) action space reads it.
      const { next, reward, collided, reached } = pointMassStep(mass, Math.fround(fx!), Math.fround(fy!), layout);
      // success on every step, as its Gymnasium copy says it: an episode that ends without it failed.
      return { next: { layout, mass: next }, reward, terminated: collided || reached, info: collided ? { hazard: true, success: false } : { success: reached } };
    },
    render: ({ layout, mass: { x, y, vx, vy } }) =>
      `at (${x.toFixed(3)}, ${y.toFixed(3)}) m, moving (${vx.toFixed(3)}, ${vy.toFixed(3)}) m/s, goal (${layout.goal.x.toFixed(3)}, ${layout.goal.y.toFixed(3)})`,
    describeAction(action: Action) {
      const [fx, fy] = actionVector(action, 2, "pointmass");
      return `force (${fx!.toFixed(2)}, ${fy!.toFixed(2)})`;
    },
    /**
     * A hazard-blind pusher's options: full force straight at the goal (score 1) and the eight
     * compass pushes scored by how well they point at it. The scripted policy's softmax over these is
     * the weak proposer the Gaussian policy is cloned from (tools/make-pointmass-models.sh).
     */
    naiveProposals({ layout, mass }) {
      const gx = layout.goal.x - mass.x;
      const gy = layout.goal.y - mass.y;
      const length = Math.sqrt(gx * gx + gy * gy) || 1;
      const ux = gx / length;
      const uy = gy / length;
      const scale = POINT_MASS.maxForce / Math.max(Math.abs(ux), Math.abs(uy));
      const actions: Action[] = [[ux * scale, uy * scale], ...COMPASS.map(([cx, cy]) => [cx * POINT_MASS.maxForce, cy * POINT_MASS.maxForce])];
      return { actions, scores: [1, ...COMPASS.map(([cx, cy]) => cx * ux + cy * uy)] };
    },
    scene({ layout: { start, goal, obstacles: discs } }): PointMassScene {
      return { kind: "pointmass", half: POINT_MASS.half, goal: { ...goal }, obstacles: discs.map((o) => ({ ...o })), start: { ...start }, agentRadius: POINT_MASS.agentRadius };
    },
  };
}

/** The built-in point mass. */
export type PointMass = ControlEnvironment<PointMassWorldState>;

export const PointMass = {
  create: (settings: PointMassSettings): PointMass => new ControlEnvironment(pointMassWorld(settings.obstacles), settings.maxEpisodeSteps),
};
