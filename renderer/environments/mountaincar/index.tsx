import { memo } from "react";
import type { MountainCarScene } from "../../../protocol/index.js";
import { candidateMarks } from "../candidate-marks.js";
import { PushArrow } from "../push-arrow.js";
import { sceneOfNumbers, type SceneView, type SceneViewProps } from "../scene-view.js";
import { carOf, hillHeight, pushOf } from "./hill.js";
import "./mountaincar.css";

const WIDTH = 300;
const HEIGHT = 150;
const MARGIN = 16;
/** Pixels per unit of the hill's height, and where height 0 lies. */
const RISE = 110;
const GROUND = HEIGHT - 18;
/** The car's radius, and a full push's arrow length, in pixels. */
const CAR = 6;
const PUSH = 26;
const HEAD = 6;

const MountainCarSceneView = memo(function MountainCarSceneView({ scene, observation, candidates, chosen, label }: SceneViewProps<MountainCarScene>) {
  const { minPosition, maxPosition, goalPosition } = scene;
  const px = (x: number) => MARGIN + ((x - minPosition) / (maxPosition - minPosition)) * (WIDTH - 2 * MARGIN);
  const py = (x: number) => GROUND - hillHeight(x) * RISE;
  const hill = Array.from({ length: 81 }, (_, i) => minPosition + ((maxPosition - minPosition) * i) / 80);
  const car = carOf(observation);
  const marks = candidateMarks(candidates, chosen, pushOf, (a, b) => a.strength === b.strength && a.name === b.name, (push) => push.name);
  const push = pushOf(chosen);
  const describe = [
    car ? `car at x = ${car.x.toFixed(2)} (goal at ${goalPosition.toFixed(2)}), moving ${car.v >= 0 ? "+" : ""}${car.v.toFixed(3)}` : "no car",
    `${marks.length} candidate pushes`,
    ...(push ? [`chosen ${push.name}`] : []),
  ].join("; ");
  const cx = car ? px(car.x) : 0;
  const cy = car ? py(car.x) - CAR : 0;
  return (
    <svg className="mountaincar-view" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-label={`${label}: ${describe}`}>
      <polygon className="ground" points={[`${px(minPosition)},${HEIGHT}`, ...hill.map((x) => `${px(x).toFixed(1)},${py(x).toFixed(1)}`), `${px(maxPosition)},${HEIGHT}`].join(" ")} />
      <g className="goal">
        <title>{`goal: x ≥ ${goalPosition}`}</title>
        <line x1={px(goalPosition)} y1={py(goalPosition)} x2={px(goalPosition)} y2={py(goalPosition) - 22} />
        <polygon points={`${px(goalPosition)},${py(goalPosition) - 22} ${px(goalPosition) + 12},${py(goalPosition) - 18} ${px(goalPosition)},${py(goalPosition) - 14}`} />
      </g>
      {car &&
        marks.map((mark, i) => {
          const length = mark.value.strength * PUSH;
          if (Math.abs(length) < HEAD) {
            return (
              <circle key={i} className={`scene-push ${mark.kind}`} cx={cx} cy={cy - CAR - 6} r={3}>
                <title>{mark.title}</title>
              </circle>
            );
          }
          return <PushArrow key={i} x={cx + Math.sign(length) * (CAR + 2)} y={cy} length={length} head={HEAD} kind={mark.kind} title={mark.title} />;
        })}
      {car && <circle className="car" cx={cx} cy={cy} r={CAR} />}
    </svg>
  );
});

/** Gymnasium's MountainCar (both kinds): the hill, the goal's flag, the car, and an arrow per candidate push. */
export const mountainCarView: SceneView<MountainCarScene> = {
  accepts: sceneOfNumbers<MountainCarScene>("mountaincar", ["minPosition", "maxPosition", "goalPosition"]),
  View: MountainCarSceneView,
};
