import type { Action } from "../../runtime/environment.js";
import type { Rng } from "../../runtime/rng.js";
import type { StructuredSpace } from "../../runtime/structured-space.js";
import { drawUniform, modeOfUniform, uniformLogp } from "../../runtime/uniform-space.js";
import type { Draws } from "./discrete.js";

/**
 * Draws from a structured action space's uniform distribution (the uniform policy's over
 * MultiDiscrete, Dict or Tuple actions). Temperature, top-k and top-p change nothing: every action
 * is equally likely. The greedy row is the space's first action (ties go to the first, as for a
 * uniform categorical).
 */
export function drawStructured(space: StructuredSpace, count: number, includeGreedy: boolean, rng: Rng): Draws {
  // A space's values are numbers, lists and objects: actions (never null or a boolean).
  const actions: Action[] = [];
  if (includeGreedy) actions.push(modeOfUniform(space) as Action);
  while (actions.length < count) actions.push(drawUniform(space, rng) as Action);
  return {
    actions,
    logp: actions.map((action) => uniformLogp(space, action)),
    greedy: actions.map((_, row) => includeGreedy && row === 0),
  };
}
