import type { EpisodeResult } from "../../protocol/index.js";
import type { StepRef } from "./trace-types.js";

/**
 * The failed episode before or after `episode` (by number: a run with workers records them as they
 * finish), at the step its node error ended it (`steps`, which no step.end counted); null when none.
 */
export function failedEpisodeBeside(episodes: readonly EpisodeResult[], episode: number, direction: -1 | 1): StepRef | null {
  let found: EpisodeResult | null = null;
  for (const result of episodes) {
    if (result.status !== "error") continue;
    const beyond = direction === 1 ? result.episode > episode : result.episode < episode;
    if (beyond && (found === null || (direction === 1 ? result.episode < found.episode : result.episode > found.episode))) found = result;
  }
  return found && { episode: found.episode, step: found.steps };
}

/** How many episodes failed. */
export function failedEpisodeCount(episodes: readonly EpisodeResult[]): number {
  return episodes.reduce((count, result) => count + (result.status === "error" ? 1 : 0), 0);
}
