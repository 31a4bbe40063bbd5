import type { CandidateMark } from "./candidate-marks.js";
import "./push-arrow.css";

/** A horizontal arrow with a filled head, from `x` to `x + length` at height `y`: a push in a scene view, styled by its mark's kind. */
export function PushArrow({ x, y, length, kind, title, head = 6 }: { x: number; y: number; length: number; kind: CandidateMark<unknown>["kind"]; title: string; head?: number }) {
  const side = Math.sign(length);
  const tip = x + length;
  return (
    <g className={`scene-push ${kind}`}>
      <title>{title}</title>
      <line x1={x} y1={y} x2={tip - side * head} y2={y} />
      <path d={`M ${tip} ${y} L ${tip - side * head} ${y - head / 1.5} L ${tip - side * head} ${y + head / 1.5} z`} />
    </g>
  );
}
