import type { Action, Environment } from "../../runtime/environment.js";
import { breach, spaceLabel } from "../../runtime/structured-space.js";
import { counted } from "../../protocol/shown-values.js";

/**
 * Why `action` cannot be the environment's action, in words naming its actions; undefined when it
 * can. The safe-default fallback acts with it when every candidate was filtered, so one the
 * environment refuses would fail exactly the steps it is meant to rescue.
 */
export function safeActionProblem(action: Action, environment: Environment): string | undefined {
  const space = environment.actionSpace;
  const given = JSON.stringify(action);
  switch (space.kind) {
    case "discrete": {
      if (typeof action === "number" && Number.isInteger(action) && action >= 0 && action < space.n) return undefined;
      const actions = space.labels.map((label, i) => (label === String(i) ? String(i) : `${i} (${label})`)).join(", ");
      return `safeAction ${given} is not an action of "${environment.name}": its actions are ${actions}`;
    }
    case "box": {
      const size = space.shape.reduce((product, dim) => product * dim, 1);
      const values = typeof action === "number" && size === 1 ? [action] : action;
      if (Array.isArray(values) && values.length === size && values.every((x) => Number.isFinite(x))) return undefined;
      return `safeAction ${given} is not an action of "${environment.name}": it takes ${counted(size, "finite number")} (shape ${JSON.stringify(space.shape)})`;
    }
    case "text":
      return typeof action === "string" ? undefined : `safeAction ${given} is not an action of "${environment.name}": its actions are text`;
    case "structured": {
      const problem = breach(space.space, action);
      return problem && `safeAction ${given} is not an action of "${environment.name}" (${spaceLabel(space.space)}, written as the environment takes it): ${problem}`;
    }
  }
}
