import type { Action } from "../../../runtime/environment.js";
import { tileAt, tiles, type GridLayout } from "./layout.js";

/** The four moves, indexed by their discrete action. */
export const moveLabels = ["up", "right", "down", "left"] as const;

/** A move index: 0 up, 1 right, 2 down, 3 left. */
export type Move = 0 | 1 | 2 | 3;

/** Every move, in action order. */
export const moves: readonly Move[] = [0, 1, 2, 3];
const rowStep = [-1, 0, 1, 0] as const;
const colStep = [0, 1, 0, -1] as const;

/** The [row, col] step each move attempts, in action order. */
export const moveDeltas: readonly [number, number][] = moves.map((move) => [rowStep[move], colStep[move]]);

/** Checks that an action is one of the four moves; the error names what was received. */
export function toMove(action: Action): Move {
  if (typeof action === "number" && Number.isInteger(action) && action >= 0 && action < moves.length) return action as Move;
  throw new Error(`gridworld: action must be an integer 0..3 (up, right, down, left), got ${JSON.stringify(action)}`);
}

/** The cell a move leads to; walls and the map's edge leave the agent where it is. */
export function moveTarget(layout: GridLayout, cell: number, move: Move): number {
  const row = Math.floor(cell / layout.width) + rowStep[move];
  const col = (cell % layout.width) + colStep[move];
  if (row < 0 || row >= layout.height || col < 0 || col >= layout.width) return cell;
  const target = row * layout.width + col;
  return tileAt(layout, target) === tiles.wall ? cell : target;
}

/** One possible result of attempting a move. */
export interface MoveOutcome {
  move: Move;
  probability: number;
}

/**
 * What attempting `move` actually does under slip: the intended move with 1 − slip,
 * each perpendicular move with slip / 2 (the classic slippery grid).
 */
export function moveOutcomes(move: Move, slip: number): MoveOutcome[] {
  if (slip === 0) return [{ move, probability: 1 }];
  const [left, right] = perpendicularMoves(move);
  return [
    { move, probability: 1 - slip },
    { move: left, probability: slip / 2 },
    { move: right, probability: slip / 2 },
  ];
}

/** The two moves at right angles to `move`. */
export function perpendicularMoves(move: Move): [Move, Move] {
  return [((move + 3) % 4) as Move, ((move + 1) % 4) as Move];
}
