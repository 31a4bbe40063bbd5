/**
 * Where a distributed run lives in Redis (docs/distributed.md, "Keys"). BullMQ keeps its own keys
 * under `bull:foresight-episodes:*`; ours sit under `foresight:*`, one family per run.
 */

/** The BullMQ queue every `foresight worker` takes batches from. */
export const EPISODE_QUEUE = "foresight-episodes";

/** How long a run's keys outlive a producer that vanished without cleaning up. */
export const RUN_KEY_TTL_S = 24 * 3600;

/** How long a stored model outlives its last use. */
export const MODEL_KEY_TTL_S = 7 * 24 * 3600;

/** A model file's bytes, stored once under its sha256. */
export const modelKey = (sha256: string) => `foresight:model:${sha256}`;

/** The Redis keys of one run. */
export function runKeys(runId: string) {
  const base = `foresight:run:${runId}`;
  return {
    /** Hash: the run's batches and episodes, present while it is queued (what `foresight cancel` looks for). */
    info: `${base}:info`,
    /** Set: the run's BullMQ job ids (what cancelling removes). */
    jobs: `${base}:jobs`,
    /** "1" once the run is cancelled: workers drop its batches. */
    cancelled: `${base}:cancelled`,
    /** List the producer blocks on: result keys of finished batches, or "cancel". */
    done: `${base}:done`,
    /** One batch's outcome, keyed by its episode range: a retry writes the same key with the same bytes. */
    result: (first: number, last: number) => `${base}:batch:${first}-${last}`,
  };
}

/** The BullMQ job id of a batch: the run and its episode range, so a batch can only be queued once. */
export const batchJobId = (runId: string, first: number, last: number) => `${runId}.${first}-${last}`;

/** The prefix of every job id of a run. */
export const runJobPrefix = (runId: string) => `${runId}.`;

/** The wake-up word `foresight cancel` pushes onto a run's done list. */
export const CANCEL_NOTICE = "cancel";
