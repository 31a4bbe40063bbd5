import { memo, useId } from "react";
import type { PendulumScene } from "../../../protocol/index.js";
import { candidateMarks } from "../candidate-marks.js";
import { sceneOfNumbers, type SceneView, type SceneViewProps } from "../scene-view.js";
import { pointAt, rodOf, torqueArc, torqueOf } from "./rod.js";
import "./pendulum.css";

const WIDTH = 200;
/** The pivot's place and the rod's length, in pixels. */
const PIVOT: [number, number] = [WIDTH / 2, 70];
const ROD = 56;
/** The torque scale under the pendulum: its line's height and ends. */
const SCALE_Y = 146;
const SCALE_LEFT = 22;
const SCALE_RIGHT = WIDTH - 22;
const HEIGHT = 176;

const degrees = (radians: number) => `${((radians * 180) / Math.PI).toFixed(0)}°`;

const PendulumSceneView = memo(function PendulumSceneView({ scene, observation, candidates, chosen, trail, label }: SceneViewProps<PendulumScene>) {
  const arrow = useId();
  const { maxTorque } = scene;
  const rod = rodOf(observation);
  const tip = rod ? pointAt(rod.theta, ROD) : null;
  const path = (trail ?? []).map(rodOf).flatMap((r) => (r ? [pointAt(r.theta, ROD)] : []));
  const marks = candidateMarks(candidates, chosen, torqueOf, (a, b) => a === b, (u) => `torque ${u.toFixed(3)}`);
  const torque = torqueOf(chosen);
  const scaleX = (u: number) => SCALE_LEFT + ((Math.max(-maxTorque, Math.min(maxTorque, u)) + maxTorque) / (2 * maxTorque)) * (SCALE_RIGHT - SCALE_LEFT);
  const describe = [
    rod ? `rod at θ = ${rod.theta.toFixed(2)} rad (${degrees(rod.theta)} from upright), θ̇ = ${rod.thetaDot.toFixed(2)} rad/s` : "no angle",
    `${marks.length} candidate torques, ${marks.filter((m) => m.kind === "filtered").length} filtered`,
    ...(torque !== null ? [`chosen torque ${torque.toFixed(2)}`] : []),
  ].join("; ");
  return (
    <svg className="pendulum-view" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-label={`${label}: ${describe}`}>
      <defs>
        <marker id={arrow} viewBox="0 0 6 6" refX="3" refY="3" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
          <path d="M 0 0 L 6 3 L 0 6 z" className="torque-head" />
        </marker>
      </defs>
      <g transform={`translate(${PIVOT[0]} ${PIVOT[1]})`}>
        <circle className="reach" r={ROD} />
        <line className="upright" x1={0} y1={0} x2={0} y2={-ROD - 8} />
        {path.length > 1 && <polyline className="trail" points={path.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ")} />}
        {tip && <line className="rod" x1={0} y1={0} x2={tip[0]} y2={tip[1]} />}
        {tip && <circle className="bob" cx={tip[0]} cy={tip[1]} r={6} />}
        <circle className="pivot" r={4} />
        {torque !== null && torque !== 0 && (
          <path className="torque" d={torqueArc(torque, maxTorque, 20)} markerEnd={`url(#${arrow})`}>
            <title>{`chosen torque ${torque.toFixed(3)} (positive turns counterclockwise)`}</title>
          </path>
        )}
      </g>
      <line className="scale" x1={SCALE_LEFT} y1={SCALE_Y} x2={SCALE_RIGHT} y2={SCALE_Y} />
      <line className="scale-zero" x1={scaleX(0)} y1={SCALE_Y - 4} x2={scaleX(0)} y2={SCALE_Y + 4} />
      {marks.map((mark, i) => (
        <line key={i} className={`tick ${mark.kind}`} x1={scaleX(mark.value)} y1={SCALE_Y - (mark.kind === "chosen" ? 11 : 7)} x2={scaleX(mark.value)} y2={SCALE_Y + (mark.kind === "chosen" ? 11 : 7)}>
          <title>{mark.title}</title>
        </line>
      ))}
      <text className="scale-label" x={SCALE_LEFT} y={HEIGHT - 6} textAnchor="middle">{`−${maxTorque}`}</text>
      <text className="scale-label" x={WIDTH / 2} y={HEIGHT - 6} textAnchor="middle">
        candidate torques
      </text>
      <text className="scale-label" x={SCALE_RIGHT} y={HEIGHT - 6} textAnchor="middle">{`+${maxTorque}`}</text>
    </svg>
  );
});

/** The pendulum: the rod from its observation, the tip's path so far, the chosen torque as an arc, and every candidate torque on a scale. */
export const pendulumView: SceneView<PendulumScene> = {
  accepts: sceneOfNumbers<PendulumScene>("pendulum", ["maxTorque"]),
  // No action label: a torque's one number says it all, and the view and the bars name it.
  View: PendulumSceneView,
};
