import type { RunListing } from "../../protocol/index.js";
import { folderName } from "./RunItem.js";

/**
 * The newest policy-only run (by its pipeline's name) in the shown run's world, the default
 * baseline: a run in another world (GridWorld's successes beside Pendulum's returns) compares nothing.
 */
export function defaultBaseline(runs: readonly RunListing[], current: string | null): string {
  const world = runs.find((run) => folderName(run.runDir) === current)?.world;
  const others = runs.filter((run) => folderName(run.runDir) !== current && run.episodes > 0 && (world === undefined || run.world === world));
  return others.find((run) => /policy-only|baseline/i.test(run.pipeline))?.runDir ?? "";
}
