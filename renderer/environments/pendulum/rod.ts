import type { Action, JsonValue } from "../../../protocol/index.js";
import { numbersOf } from "../scene-view.js";

/** θ and θ̇ from a Pendulum observation [cos θ, sin θ, θ̇] (θ = 0 upright, positive counterclockwise), else null. */
export function rodOf(observation: JsonValue | undefined): { theta: number; thetaDot: number } | null {
  const values = numbersOf(observation, 3);
  if (!values) return null;
  const [cos, sin, thetaDot] = values;
  return { theta: Math.atan2(sin!, cos!), thetaDot: thetaDot! };
}

/** The torque of a one-number action (`[u]`, or `u`), else null. */
export function torqueOf(action: Action | null | undefined): number | null {
  if (typeof action === "number") return action;
  return Array.isArray(action) && action.length === 1 && typeof action[0] === "number" ? action[0] : null;
}

/**
 * The point at `length` from a pivot at (0, 0) in the direction θ, in SVG coordinates (y down):
 * θ = 0 points up and a positive θ turns counterclockwise on screen, as Gymnasium draws Pendulum-v1.
 */
export function pointAt(theta: number, length: number): [number, number] {
  return [-length * Math.sin(theta), -length * Math.cos(theta)];
}

/**
 * An SVG arc around the pivot for a torque: from straight up, counterclockwise for a positive
 * torque, its sweep `|torque| / maxTorque` of MAX_SWEEP (nothing for no torque).
 */
export function torqueArc(torque: number, maxTorque: number, radius: number): string {
  const sweep = (Math.min(1, Math.abs(torque) / maxTorque) * MAX_SWEEP * Math.sign(torque));
  if (sweep === 0) return "";
  const [x, y] = pointAt(sweep, radius);
  // SVG's sweep flag 0 turns counterclockwise on screen.
  return `M 0 ${-radius} A ${radius} ${radius} 0 0 ${sweep > 0 ? 0 : 1} ${x.toFixed(2)} ${y.toFixed(2)}`;
}

/** The arc of a full-strength torque: under half a turn, so the arc never needs the large-arc flag. */
const MAX_SWEEP = (150 * Math.PI) / 180;
