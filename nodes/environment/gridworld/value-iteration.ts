import { tileAt, tiles, type GridLayout } from "./layout.js";
import { moveOutcomes, moves, moveTarget } from "./moves.js";
import { entryReward, isTerminalTile, stepReward } from "./rules.js";

/** Q(s, a) for every cell and move, row-major: `table[cell * 4 + move]`. Walls and terminal cells hold 0. */
export type QTable = Float64Array;

/** Value iteration stops when no state value moves by more than this in a sweep. */
const tolerance = 1e-12;
/** A guard so a bug cannot hang a run; every valid slip and gamma settles long before it. */
const maxSweeps = 1_000_000;

const solvedTables = new WeakMap<GridLayout, Map<string, QTable>>();

/** The exact Q table of a map, solved once per (layout, slip, gamma) and shared by every environment on it. */
export function solvedQTable(layout: GridLayout, slip: number, gamma: number): QTable {
  let perSettings = solvedTables.get(layout);
  if (!perSettings) {
    perSettings = new Map();
    solvedTables.set(layout, perSettings);
  }
  const key = `${slip}|${gamma}`;
  let table = perSettings.get(key);
  if (!table) {
    table = solveQTable(layout, slip, gamma);
    perSettings.set(key, table);
  }
  return table;
}

/**
 * Solves the map by Gauss–Seidel value iteration: V(s) = max_a Σ p(s'|s,a) [r(s') + γ V(s')],
 * with V = 0 at goal and lava (the episode is over) and no step limit.
 */
function solveQTable(layout: GridLayout, slip: number, gamma: number): QTable {
  const cellCount = layout.height * layout.width;
  const transitions = transitionTable(layout, slip);
  const values = new Float64Array(cellCount);
  const live = liveCells(layout);
  // A cell from which no terminal can be reached pays the step cost forever; with γ = 1
  // that is −∞, which iteration would only approach one sweep at a time.
  const foreverValue = gamma < 1 ? stepReward / (1 - gamma) : -Infinity;
  const solvable: number[] = [];
  for (let cell = 0; cell < cellCount; cell++) {
    if (live[cell] === trapped) values[cell] = foreverValue;
    else if (live[cell] === canFinish) solvable.push(cell);
  }

  const actionValue = (cell: number, move: number): number => {
    let q = 0;
    for (const { target, probability, reward, terminal } of transitions[cell * 4 + move]!) {
      q += probability * (reward + (terminal ? 0 : gamma * values[target]!));
    }
    return q;
  };

  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let largestChange = 0;
    for (const cell of solvable) {
      let best = -Infinity;
      for (const move of moves) best = Math.max(best, actionValue(cell, move));
      largestChange = Math.max(largestChange, Math.abs(best - values[cell]!));
      values[cell] = best;
    }
    if (largestChange <= tolerance) break;
  }

  const table: QTable = new Float64Array(cellCount * 4);
  for (let cell = 0; cell < cellCount; cell++) {
    if (live[cell] === finished) continue;
    for (const move of moves) table[cell * 4 + move] = actionValue(cell, move);
  }
  return table;
}

interface Transition {
  target: number;
  probability: number;
  reward: number;
  terminal: boolean;
}

/** Every (cell, move)'s outcomes, computed once so the sweeps are plain arithmetic. */
function transitionTable(layout: GridLayout, slip: number): Transition[][] {
  const table: Transition[][] = [];
  for (let cell = 0; cell < layout.height * layout.width; cell++) {
    for (const move of moves) {
      table.push(
        moveOutcomes(move, slip).map((outcome) => {
          const target = moveTarget(layout, cell, outcome.move);
          const tile = tileAt(layout, target);
          return { target, probability: outcome.probability, reward: entryReward(tile), terminal: isTerminalTile(tile) };
        }),
      );
    }
  }
  return table;
}

/** Walls, goal and lava: no decision is ever made there. */
const finished = 0;
/** A cell from which some terminal is reachable. */
const canFinish = 1;
/** A floor cell walled off from every terminal. */
const trapped = 2;

/** Classifies cells by whether an episode can end from them (moves are reversible, so BFS from the terminals). */
function liveCells(layout: GridLayout): Uint8Array {
  const cellCount = layout.height * layout.width;
  const live = new Uint8Array(cellCount);
  const queue: number[] = [];
  for (let cell = 0; cell < cellCount; cell++) {
    const tile = tileAt(layout, cell);
    if (isTerminalTile(tile)) queue.push(cell);
    else if (tile !== tiles.wall) live[cell] = trapped;
  }
  for (let head = 0; head < queue.length; head++) {
    for (const move of moves) {
      const next = moveTarget(layout, queue[head]!, move);
      if (live[next] !== trapped) continue;
      live[next] = canFinish;
      queue.push(next);
    }
  }
  return live;
}
