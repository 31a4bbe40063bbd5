/**
 * The point-mass world's scene, as the environment (nodes/environment/pointmass/) writes it once per
 * episode and the editor's view (renderer/environments/pointmass/) draws it. Type aliases, not
 * interfaces, so they stay assignable to JsonValue.
 */

/** A disc in the arena: centre and radius. */
export type PointMassDisc = { x: number; y: number; r: number };

/** The arena [−half, half]², the goal region, the obstacles (touching one ends the episode) and the agent's start. */
export type PointMassScene = {
  kind: "pointmass";
  /** Half the arena's width: positions lie in [−half, half] on both axes. */
  half: number;
  goal: PointMassDisc;
  obstacles: PointMassDisc[];
  start: { x: number; y: number };
  /** The agent's own radius: it collides when its disc overlaps an obstacle's. */
  agentRadius: number;
};
