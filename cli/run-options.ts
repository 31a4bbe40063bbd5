import { Option, type Command } from "commander";
import { InvalidArgumentError } from "commander";
import { RUN_LIMITS } from "../runtime/pipeline/schema.js";
import { withKindsFlag, type KindsFlags } from "./kinds-option.js";
import { collectRepeated } from "./repeatable-option.js";

/** Flags shared by `run` and `compare`. */
export interface RunFlags extends KindsFlags {
  episodes?: number;
  seed?: number;
  out?: string;
  set?: string[];
  json?: boolean;
  quiet?: boolean;
  trace?: "full" | "steps" | "off";
  /** Threads to play the episodes on; absent: one, this thread (runWorkers). */
  workers?: number;
  /** Episodes each thread plays together (run.lockstep); absent: the file's. */
  lockstep?: number;
  /** The user has read the file's Script nodes and lets them run. */
  trust?: boolean;
}

/** What each --trace level records, for the commands that take one. */
export const TRACE_LEVELS_IN_WORDS = "full, every node's inputs and outputs at each step (candidates, scores); steps, one record per step (action, reward); off, episodes only";

/** Threads a run may play on: far more than a machine has cores, far fewer than would exhaust it. */
const MAX_WORKERS = 256;

/** An integer flag within [min, max]: the same bounds as the pipeline file's settings, so a run folder's copy validates. */
function integer(min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max.toLocaleString("en-US")}, got "${text}"`);
    }
    return value;
  };
}

/**
 * Threads a run plays its episodes on: --workers, else one; never more than its episodes. Not the
 * cores by default: worker threads do not pay off yet (README, `--workers`; bench/parallel).
 */
export function runWorkers(flags: Pick<RunFlags, "workers">, episodes: number): number {
  return Math.max(1, Math.min(flags.workers ?? 1, episodes));
}

/** Adds the run flags to a command. */
export function withRunFlags(command: Command): Command {
  return withKindsFlag(command)
    .option("-n, --episodes <N>", "episodes to run (default: the file's run.episodes)", integer(RUN_LIMITS.episodes.min, RUN_LIMITS.episodes.max))
    .option("-s, --seed <S>", "run seed (default: the file's run.seed)", integer(RUN_LIMITS.seed.min, RUN_LIMITS.seed.max))
    .option("-o, --out <DIR>", "folder for run folders", "runs")
    .option("--set <nodeId.param=value>", "override a node parameter or run setting (repeatable)", collectRepeated)
    .addOption(new Option("--trace <level>", `what the trace records: ${TRACE_LEVELS_IN_WORDS} (default: the file's run.trace)`).choices(["full", "steps", "off"]))
    .option("-w, --workers <N>", "play episodes on N threads (default 1: this thread; at most one per episode; same results as one thread; with more than one, each chunk of episodes writes its datasets to its own shards/<k>/ folder of the run folder, which train and dataset repair read whole)", integer(1, MAX_WORKERS))
    .option("--lockstep <K>", "play K episodes together on each thread, so each model call batches K states (default: the file's run.lockstep, else 1; same results as one at a time)", integer(RUN_LIMITS.lockstep.min, RUN_LIMITS.lockstep.max))
    .option("--trust", "run the file's Script nodes (user code, sandboxed); without it a file with scripts is refused")
    .option("--json", "print one JSON summary on stdout")
    .option("-q, --quiet", "no progress bar and no table");
}
