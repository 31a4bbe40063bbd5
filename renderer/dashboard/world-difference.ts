import type { RunListing } from "../../protocol/index.js";
import { worldDifference as paramsDifference } from "../../protocol/world-difference.js";

/**
 * Where two runs' worlds differ (RunListing.world: their Environment node's params as JSON), in the
 * words `foresight report --baseline` uses. Nothing when they are equal or either is unknown.
 */
export function worldDifference(worldA: string | undefined, worldB: string | undefined, a: string, b: string): string | undefined {
  if (worldA === undefined || worldB === undefined || worldA === worldB) return undefined;
  return paramsDifference(JSON.parse(worldA) as Record<string, unknown>, JSON.parse(worldB) as Record<string, unknown>, a, b);
}

/** The runs a baseline may be picked from, those in the shown run's world first (any, where its world is unknown). */
export function baselineChoices(runs: readonly RunListing[], world: string | undefined, shown: (run: RunListing) => boolean): { sameWorld: RunListing[]; otherWorlds: RunListing[] } {
  const offered = runs.filter((run) => !shown(run));
  if (world === undefined) return { sameWorld: offered, otherWorlds: [] };
  return { sameWorld: offered.filter((run) => run.world === world), otherWorlds: offered.filter((run) => run.world !== world) };
}
