import type { RunListing } from "../../protocol/index.js";

/**
 * Where two runs' worlds differ (RunListing.world: their Environment node's params as JSON, keys
 * sorted), in the words `foresight report --baseline` uses (runtime/compare.ts worldDifference, which
 * the renderer may not import), naming the runs `a` and `b`. Nothing when they are equal or either is unknown.
 */
export function worldDifference(worldA: string | undefined, worldB: string | undefined, a: string, b: string): string | undefined {
  if (worldA === undefined || worldB === undefined || worldA === worldB) return undefined;
  const [paramsA, paramsB] = [JSON.parse(worldA) as Record<string, unknown>, JSON.parse(worldB) as Record<string, unknown>];
  const param = [...new Set([...Object.keys(paramsA), ...Object.keys(paramsB)])].find((key) => JSON.stringify(paramsA[key]) !== JSON.stringify(paramsB[key]));
  if (param === undefined) return undefined;
  const shown = (value: unknown) => (value === undefined ? "unset" : JSON.stringify(value));
  return `${a} and ${b} act in different worlds (their environments' ${param}: ${shown(paramsA[param])} and ${shown(paramsB[param])}), so the difference is not the pipelines' alone`;
}

/** The runs a baseline may be picked from, those in the shown run's world first (any, where its world is unknown). */
export function baselineChoices(runs: readonly RunListing[], world: string | undefined, shown: (run: RunListing) => boolean): { sameWorld: RunListing[]; otherWorlds: RunListing[] } {
  const offered = runs.filter((run) => !shown(run));
  if (world === undefined) return { sameWorld: offered, otherWorlds: [] };
  return { sameWorld: offered.filter((run) => run.world === world), otherWorlds: offered.filter((run) => run.world !== world) };
}
