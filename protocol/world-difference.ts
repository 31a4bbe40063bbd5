import { stableJson } from "./stable-json.js";

/**
 * Environment params that say how a world is served, not which world it is: an external
 * environment's waits, process layout, whether it offers snapshots, and the Python that serves a
 * Gymnasium id (nodes/environment/external/params.ts; the id's version pins the dynamics). Runs
 * that differ only in these play the same world.
 */
const SERVING_PARAMS: ReadonlySet<string> = new Set(["timeoutMs", "startTimeoutMs", "processes", "laneGroups", "snapshot", "python"]);

/** An environment's params less those that only say how it is served: what makes its world. */
export function worldParams(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([key]) => !SERVING_PARAMS.has(key)));
}

/** The first world param (see worldParams) two environments' params differ in; undefined where they play one world. */
export function differingWorldParam(paramsA: Record<string, unknown>, paramsB: Record<string, unknown>): string | undefined {
  const [a, b] = [worldParams(paramsA), worldParams(paramsB)];
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].find((key) => stableJson(a[key]) !== stableJson(b[key]));
}

/**
 * Whether two runs act in the same world, by their environment nodes' params: where they differ
 * (the first param that does, in words naming the runs `a` and `b`), their difference is not the
 * pipelines' alone. Nothing when the params are equal, or differ only in how the world is served.
 * `foresight compare`, `report --baseline` and the Dashboard's baseline say it in these words.
 */
export function worldDifference(paramsA: Record<string, unknown>, paramsB: Record<string, unknown>, a: string, b: string): string | undefined {
  const param = differingWorldParam(paramsA, paramsB);
  if (param === undefined) return undefined;
  const shown = (value: unknown) => (value === undefined ? "unset" : JSON.stringify(value));
  return `${a} and ${b} act in different worlds (their environments' ${param}: ${shown(paramsA[param])} and ${shown(paramsB[param])}), so the difference is not the pipelines' alone`;
}
