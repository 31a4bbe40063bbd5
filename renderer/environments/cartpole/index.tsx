import { memo } from "react";
import type { CartPoleScene } from "../../../protocol/index.js";
import { candidateMarks } from "../candidate-marks.js";
import { PushArrow } from "../push-arrow.js";
import { sceneOfNumbers, type SceneView, type SceneViewProps } from "../scene-view.js";
import { cartOf, PUSH_NAMES, pushMarks, pushOf } from "./cart.js";
import "./cartpole.css";

/** Pixels per metre, and room beside the track for a push arrow at its end. */
const SCALE = 60;
const MARGIN = 34;
/** The track's height, and the cart's size, in pixels. */
const TRACK_Y = 112;
const CART_W = 40;
const CART_H = 20;
/** A push arrow's length beside the cart, and its head's. */
const PUSH = 24;
const HEAD = 7;

const degrees = (radians: number) => `${((radians * 180) / Math.PI).toFixed(1)}°`;

const CartPoleSceneView = memo(function CartPoleSceneView({ scene, observation, candidates, chosen, label }: SceneViewProps<CartPoleScene>) {
  const { xThreshold, thetaThreshold, poleLength } = scene;
  const width = 2 * xThreshold * SCALE + 2 * MARGIN;
  const height = TRACK_Y + 22;
  const px = (x: number) => MARGIN + (x + xThreshold) * SCALE;
  const cart = cartOf(observation);
  const pole = poleLength * SCALE;
  const marks = pushMarks(candidateMarks(candidates, chosen, pushOf, (a, b) => a === b, (push) => PUSH_NAMES[push]));
  const push = pushOf(chosen);
  const describe = [
    cart ? `cart at x = ${cart.x.toFixed(2)} m (ends at ±${xThreshold}), pole at ${degrees(cart.theta)} (falls past ±${degrees(thetaThreshold)})` : "no cart",
    ...(push !== null ? [`chosen ${PUSH_NAMES[push]}`] : []),
  ].join("; ");
  const cx = cart ? px(cart.x) : 0;
  const pivotY = TRACK_Y - CART_H;
  const lean = (theta: number) => [cx + pole * Math.sin(theta), pivotY - pole * Math.cos(theta)] as const;
  return (
    <svg className="cartpole-view" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={`${label}: ${describe}`}>
      <line className="track" x1={px(-xThreshold)} y1={TRACK_Y} x2={px(xThreshold)} y2={TRACK_Y} />
      {[-xThreshold, xThreshold].map((end) => (
        <line key={end} className="track-end" x1={px(end)} y1={TRACK_Y - 10} x2={px(end)} y2={TRACK_Y + 10}>
          <title>{`x = ${end} m: the episode ends past here`}</title>
        </line>
      ))}
      <line className="track-end" x1={px(0)} y1={TRACK_Y} x2={px(0)} y2={TRACK_Y + 6} />
      {cart && (
        <>
          {[-thetaThreshold, thetaThreshold].map((limit) => (
            <line key={limit} className="limit" x1={cx} y1={pivotY} x2={lean(limit)[0]} y2={lean(limit)[1]} />
          ))}
          {marks.map((mark) => {
            const side = mark.value === 0 ? -1 : 1;
            return <PushArrow key={mark.value} x={cx + side * (CART_W / 2 + 3)} y={TRACK_Y - CART_H / 2} length={side * PUSH} head={HEAD} kind={mark.kind} title={mark.title} />;
          })}
          <rect className="cart" x={cx - CART_W / 2} y={pivotY} width={CART_W} height={CART_H} rx={3} />
          <line className="pole" x1={cx} y1={pivotY} x2={lean(cart.theta)[0]} y2={lean(cart.theta)[1]} />
          <circle className="hinge" cx={cx} cy={pivotY} r={3} />
        </>
      )}
    </svg>
  );
});

/** CartPole: the track and its ends, the cart and pole with the angles that end the episode, and the two pushes marked. */
export const cartPoleView: SceneView<CartPoleScene> = {
  accepts: sceneOfNumbers<CartPoleScene>("cartpole", ["xThreshold", "thetaThreshold", "poleLength"]),
  View: CartPoleSceneView,
};
