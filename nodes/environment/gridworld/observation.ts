import type { JsonValue, Observation } from "../../../runtime/environment.js";
import { positionOf, tileAt, tiles, type GridLayout } from "./layout.js";

/** What a GridWorld observes: the agent's and the goal's [row, col], and the map's name. */
export function gridObservation(layout: GridLayout, agent: number): Observation {
  return { agent: positionOf(layout, agent), goal: positionOf(layout, layout.goal), map: layout.name };
}

/** The map an observation names; throws unless it is shaped like a GridWorld observation. */
export function observedMap(observation: Observation): string {
  const map = fieldOf(observation, "map");
  if (typeof map === "string") return map;
  throw new Error(`gridworld: ${brief(observation)} is not a gridworld observation ({ agent: [row, col], goal: [row, col], map })`);
}

/**
 * The agent's cell index in an observation of `layout`. Checks (without allocating, as models
 * encode observations per candidate per step) that the agent stands on a free cell and the goal
 * is where the map has it.
 */
export function observedAgentCell(observation: Observation, layout: GridLayout): number {
  const agent = cellOf(fieldOf(observation, "agent"), layout, "agent");
  const goal = cellOf(fieldOf(observation, "goal"), layout, "goal");
  if (tileAt(layout, agent) === tiles.wall) {
    throw new Error(`gridworld: the observation puts the agent on a wall at ${JSON.stringify(positionOf(layout, agent))} of map "${layout.name}"`);
  }
  if (goal !== layout.goal) {
    throw new Error(
      `gridworld: the observation puts the goal at ${JSON.stringify(positionOf(layout, goal))}, but map "${layout.name}" has it at ${JSON.stringify(positionOf(layout, layout.goal))}`,
    );
  }
  return agent;
}

function fieldOf(observation: Observation, key: string): JsonValue | undefined {
  return typeof observation === "object" && observation !== null && !Array.isArray(observation) ? observation[key] : undefined;
}

function cellOf(value: JsonValue | undefined, layout: GridLayout, what: string): number {
  if (Array.isArray(value) && value.length === 2) {
    const row = value[0];
    const col = value[1];
    if (isIndex(row, layout.height) && isIndex(col, layout.width)) return row * layout.width + col;
  }
  throw new Error(
    `gridworld: the observation's ${what} is ${brief(value)}; expected [row, col] with integers inside map "${layout.name}" (${layout.height} × ${layout.width})`,
  );
}

function isIndex(value: JsonValue | undefined, length: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value < length;
}

/** The value as JSON, cut short so an error message stays readable. */
function brief(value: JsonValue | undefined): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
