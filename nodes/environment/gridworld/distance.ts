import { tileAt, tiles, type GridLayout } from "./layout.js";
import { moves, moveTarget } from "./moves.js";

/** Marks a cell no path reaches in `distancesFrom`. */
export const unreachable = -1;

/** BFS step counts from `from` to every cell, moving only through cells `passable` accepts. */
export function distancesFrom(layout: GridLayout, from: number, passable: (tile: string) => boolean): Int32Array {
  const distances = new Int32Array(layout.height * layout.width).fill(unreachable);
  distances[from] = 0;
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const cell = queue[head]!;
    for (const move of moves) {
      const next = moveTarget(layout, cell, move);
      if (distances[next] !== unreachable || !passable(tileAt(layout, next))) continue;
      distances[next] = distances[cell]! + 1;
      queue.push(next);
    }
  }
  return distances;
}

const hazardBlindCache = new WeakMap<GridLayout, Int32Array>();

/**
 * Steps from each cell to the goal for someone who cannot see lava (walls respected,
 * lava walked on like floor). Grid moves are reversible, so BFS from the goal gives
 * every cell's distance to it. Cells cut off from the goal get width × height, longer
 * than any real path, so heuristics built on it stay finite.
 */
export function hazardBlindGoalDistances(layout: GridLayout): Int32Array {
  const cached = hazardBlindCache.get(layout);
  if (cached) return cached;
  const distances = distancesFrom(layout, layout.goal, (tile) => tile !== tiles.wall);
  const cutOff = layout.height * layout.width;
  for (let cell = 0; cell < distances.length; cell++) if (distances[cell] === unreachable) distances[cell] = cutOff;
  hazardBlindCache.set(layout, distances);
  return distances;
}
