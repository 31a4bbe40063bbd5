/**
 * What an environment view draws: each environment kind describes its static scene once per
 * episode (`episode.start.scene`), and the editor has one view per scene `kind`
 * (renderer/environments/<kind>/). The agent's place at each step comes from `step.end.observation`.
 */
import type { JsonValue } from "./values.js";
import type { CartPoleScene, MountainCarScene, PendulumScene } from "./control-scenes.js";
import type { PointMassScene } from "./point-mass.js";
import type { ShoppingScene } from "./shopping.js";

/** A GridWorld map: rows of tiles (`#` wall, `.` floor, `L` lava, `S` start, `G` goal) and how each action moves. */
export interface GridScene {
  kind: "gridworld";
  /** The map's name as observations give it (a named map, `random-<seed>`, or "custom"). */
  map: string;
  rows: string[];
  /** One entry per discrete action, in action order: its label and the [row, col] step it attempts. */
  actions: { label: string; delta: [number, number] }[];
  /** Chance that a move slips to a perpendicular one. */
  slip: number;
}

/** A scene of an environment kind the editor may not know; it then shows the observation as JSON. */
export interface OtherScene {
  kind: string;
  [key: string]: JsonValue;
}

export type Scene = GridScene | ShoppingScene | PointMassScene | PendulumScene | CartPoleScene | MountainCarScene | OtherScene;
