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
    /**
     * Hash: the run's batches and episodes, present while it is queued: what `foresight cancel` looks
     * for, and what workers look for before and during a batch and as they store its outcome (a run
     * without it was cancelled, has ended, or was lost by Redis: its batches are dropped).
     */
    info: `${base}:info`,
    /** Set: the run's BullMQ job ids (what cancelling removes, and whence its outcomes' keys). */
    jobs: `${base}:jobs`,
    /** List the producer blocks on: result keys of finished batches, or "cancel". */
    done: `${base}:done`,
    /** Hash: the workers that cannot play the run (refusals.ts), by host:pid, with why. */
    refused: `${base}:refused`,
    /** One batch's outcome, keyed by its episode range: a retry writes the same key with the same bytes. */
    result: (first: number, last: number) => `${base}:batch:${first}-${last}`,
  };
}

/** The BullMQ job id of a batch: the run and its episode range, so a batch can only be queued once. */
export const batchJobId = (runId: string, first: number, last: number) => `${runId}.${first}-${last}`;

/** The run and episode range a batch's job id names (undefined for a job id that is not a batch's). */
export function batchOfJobId(jobId: string): { runId: string; first: number; last: number } | undefined {
  const match = /^(.+)\.(\d+)-(\d+)$/.exec(jobId);
  return match ? { runId: match[1]!, first: Number(match[2]), last: Number(match[3]) } : undefined;
}

/** How logs name a batch. */
export const batchLabel = ({ runId, first, last }: { runId: string; first: number; last: number }) => `batch ${runId} episodes ${first}–${last}`;

/** A worker's connection is named so (CLIENT SETNAME) after its host:pid: how a producer tells which workers listen. */
export const WORKER_CONNECTION_PREFIX = "foresight-worker:";

/** The prefix of every job id of a run. */
export const runJobPrefix = (runId: string) => `${runId}.`;

/** The wake-up word `foresight cancel` pushes onto a run's done list. */
export const CANCEL_NOTICE = "cancel";
