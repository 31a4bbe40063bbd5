import type { Action, Environment } from "../../runtime/environment.js";

/** The discrete action index of a candidate row, or an error naming the row and the valid range. */
export function discreteIndex(environment: Environment, action: Action, row: number, scorer: string): number {
  const space = environment.actionSpace;
  if (space.kind !== "discrete") {
    throw new Error(`the ${scorer} needs a discrete action space, and "${environment.name}" has a ${space.kind} one`);
  }
  if (typeof action !== "number" || !Number.isInteger(action) || action < 0 || action >= space.n) {
    throw new Error(
      `row ${row} holds action ${JSON.stringify(action)}, which is not one of "${environment.name}"'s discrete actions 0..${space.n - 1}`,
    );
  }
  return action;
}
