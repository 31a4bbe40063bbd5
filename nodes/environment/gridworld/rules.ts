import { tiles } from "./layout.js";

/** Reward for entering the goal; the episode ends in success. */
const goalReward = 1;
/** Reward for entering lava; the episode ends, irreversibly. */
const lavaReward = -1;
/** Reward of every other step, bumps included, so shorter routes are worth more. */
export const stepReward = -0.01;

/** The reward for entering a cell showing `tile`. */
export function entryReward(tile: string): number {
  if (tile === tiles.goal) return goalReward;
  if (tile === tiles.lava) return lavaReward;
  return stepReward;
}

/** Whether entering a cell showing `tile` ends the episode. */
export function isTerminalTile(tile: string): boolean {
  return tile === tiles.goal || tile === tiles.lava;
}
