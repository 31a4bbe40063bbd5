import type { ForkReplay } from "./engine/replay.js";
import type { RunSettings } from "./pipeline/schema.js";

export type { RunSettings } from "./pipeline/schema.js";

/** What one run may change of the file's settings: the CLI's flags, the editor's run options. */
export type RunOverrides = Partial<Pick<RunSettings, "episodes" | "seed" | "trace" | "lockstep">>;

/**
 * The settings a run plays by, resolved once (by executeRun) and handed to everything that plays
 * episodes: the engine, parallel workers, forks. The file's settings (with `--set run.*` already
 * applied) under the run's overrides; a fork plays one episode with the earlier run's seed.
 */
export function resolveRunSettings(file: RunSettings, overrides: RunOverrides = {}, fork?: ForkReplay): RunSettings {
  return {
    ...file,
    ...(overrides.episodes !== undefined ? { episodes: overrides.episodes } : {}),
    ...(overrides.seed !== undefined ? { seed: overrides.seed } : {}),
    ...(overrides.trace !== undefined ? { trace: overrides.trace } : {}),
    ...(overrides.lockstep !== undefined ? { lockstep: overrides.lockstep } : {}),
    ...(fork ? { episodes: 1, seed: fork.seed } : {}),
  };
}
