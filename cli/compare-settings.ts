import type { ValidatedPipeline } from "../runtime/pipeline/validate.js";
import { worldDifference } from "../protocol/world-difference.js";
import type { RunFlags } from "./run-options.js";

/**
 * The flags both runs of `compare` play with: the same episodes and seed, so episode i of A and of B
 * start alike. Where the files' own differ and no flag chose, both play the fewer episodes with A's
 * seed, and `note` says so.
 */
export function sharedRunFlags(flags: RunFlags, a: ValidatedPipeline, b: ValidatedPipeline): { flags: RunFlags; note?: string } {
  const [runA, runB] = [a.pipeline.run, b.pipeline.run];
  const episodes = flags.episodes ?? Math.min(runA.episodes, runB.episodes);
  const seed = flags.seed ?? runA.seed;
  const differ = [
    flags.episodes === undefined && runA.episodes !== runB.episodes ? `episodes ${runA.episodes} and ${runB.episodes}` : "",
    flags.seed === undefined && runA.seed !== runB.seed ? `seed ${runA.seed} and ${runB.seed}` : "",
  ].filter(Boolean);
  const note = differ.length > 0 ? `A's and B's files differ in ${differ.join(", ")}: both play ${episodes} episodes with seed ${seed} (--episodes and --seed choose)` : undefined;
  return { flags: { ...flags, episodes, seed }, ...(note ? { note } : {}) };
}

/** Where A's and B's environment nodes differ (their params, defaults filled in), or nothing when they play the same world. */
export function worldDifferenceOf(a: ValidatedPipeline, b: ValidatedPipeline): string | undefined {
  const paramsOf = (pipeline: ValidatedPipeline) => (pipeline.nodes.find((node) => node.kind.role === "environment")?.params ?? {}) as Record<string, unknown>;
  return worldDifference(paramsOf(a), paramsOf(b), "A", "B");
}
