import { memo } from "react";
import type { PointMassScene, Scene } from "../../../protocol/index.js";
import type { SceneView, SceneViewProps } from "../scene-view.js";
import { forceArrows, forceOf, positionOf } from "./forces.js";
import "./pointmass.css";

function isPointMassScene(scene: Scene): scene is PointMassScene {
  const candidate = scene as Partial<PointMassScene>;
  return scene.kind === "pointmass" && typeof candidate.half === "number" && Array.isArray(candidate.obstacles) && typeof candidate.goal === "object" && candidate.goal !== null;
}

/** Pixels per metre. */
const SCALE = 100;
/** Metres of arrow per unit of force. */
const ARROW = 0.2;
/** The world's force bound per axis (maxForce in nodes/environment/pointmass/physics.ts, and in its Gymnasium copy): it clips a larger one so. */
const MAX_FORCE = 1;
/** Room around the arena for the longest arrow, from a mass at the wall: a force off the edge is drawn whole. */
const MARGIN = Math.ceil(ARROW * SCALE * MAX_FORCE * Math.SQRT2) + 2;
/** A force component as the world applies it. */
const applied = (value: number) => Math.min(MAX_FORCE, Math.max(-MAX_FORCE, value));

const PointMassSceneView = memo(function PointMassSceneView({ scene, observation, candidates, chosen, trail, label }: SceneViewProps<PointMassScene>) {
  const { half } = scene;
  // World y points up, SVG y down.
  const px = (x: number) => (x + half) * SCALE;
  const py = (y: number) => (half - y) * SCALE;
  const size = 2 * half * SCALE;
  const agent = positionOf(observation);
  const path = (trail ?? []).map(positionOf).filter((p): p is [number, number] => p !== null);
  const arrows = agent ? forceArrows(candidates, chosen) : [];
  const filtered = arrows.filter((a) => a.kind === "filtered").length;
  const chosenForce = forceOf(chosen);
  const describe = [
    agent ? `mass at (${agent[0].toFixed(2)}, ${agent[1].toFixed(2)})` : "no position",
    `goal at (${scene.goal.x.toFixed(2)}, ${scene.goal.y.toFixed(2)})`,
    `${scene.obstacles.length} obstacles`,
    `${arrows.length} candidate forces, ${filtered} filtered`,
    ...(chosenForce ? [`chosen force (${chosenForce[0].toFixed(2)}, ${chosenForce[1].toFixed(2)})`] : []),
  ].join("; ");
  return (
    <svg className="pointmass-view" viewBox={`${-MARGIN} ${-MARGIN} ${size + 2 * MARGIN} ${size + 2 * MARGIN}`} width={size + 2 * MARGIN} height={size + 2 * MARGIN} role="img" aria-label={`${label}: ${describe}`}>
      <rect className="arena" x={0} y={0} width={size} height={size} />
      <circle className="goal" cx={px(scene.goal.x)} cy={py(scene.goal.y)} r={scene.goal.r * SCALE}>
        <title>goal</title>
      </circle>
      {scene.obstacles.map((o, i) => (
        <circle key={i} className="obstacle" cx={px(o.x)} cy={py(o.y)} r={o.r * SCALE}>
          <title>{`obstacle ${i}: touching it ends the episode`}</title>
        </circle>
      ))}
      <circle className="start" cx={px(scene.start.x)} cy={py(scene.start.y)} r={scene.agentRadius * SCALE} />
      {path.length > 1 && <polyline className="trail" points={path.map(([x, y]) => `${px(x)},${py(y)}`).join(" ")} />}
      {agent &&
        arrows.map((arrow, i) => (
          <line key={i} className={`force ${arrow.kind}`} x1={px(agent[0])} y1={py(agent[1])} x2={px(agent[0] + ARROW * applied(arrow.fx))} y2={py(agent[1] + ARROW * applied(arrow.fy))}>
            <title>{arrow.title}</title>
          </line>
        ))}
      {agent && <circle className="agent" cx={px(agent[0])} cy={py(agent[1])} r={Math.max(3, scene.agentRadius * SCALE)} />}
    </svg>
  );
});

/** The point-mass world: the arena, obstacles, goal, the path so far and an arrow per candidate force. */
export const pointMassView: SceneView<PointMassScene> = {
  accepts: isPointMassScene,
  View: PointMassSceneView,
  actionLabel: (_scene: PointMassScene, action) => {
    const force = forceOf(action);
    return force ? `force ${force[0].toFixed(2)}, ${force[1].toFixed(2)}` : undefined;
  },
};
