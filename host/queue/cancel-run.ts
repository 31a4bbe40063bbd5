import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { CANCEL_NOTICE, RUN_KEY_TTL_S, runKeys } from "./names.js";

/** What cancelling found. */
export interface Cancelled {
  /** Batches removed before any worker took them. */
  removed: number;
  /** Batches a worker is playing: it drops them at its next look at the flag (within a second). */
  running: number;
}

/**
 * Cancels a queued run: raises its flag (a worker checks it before and during a batch and drops the
 * batch), wakes its producer, and removes its batches no worker has taken. Safe to repeat.
 */
export async function cancelRun(redis: Redis, queue: Queue, runId: string): Promise<Cancelled> {
  const keys = runKeys(runId);
  await redis.multi().set(keys.cancelled, "1", "EX", RUN_KEY_TTL_S).rpush(keys.done, CANCEL_NOTICE).expire(keys.done, RUN_KEY_TTL_S).exec();
  const jobIds = await redis.smembers(keys.jobs);
  const states = await Promise.all(jobIds.map((jobId) => queue.getJobState(jobId)));
  const queued = jobIds.filter((_, i) => ["waiting", "delayed", "prioritized", "waiting-children"].includes(states[i]!));
  const removed = (await Promise.all(queued.map((jobId) => queue.remove(jobId)))).reduce((sum, n) => sum + n, 0);
  // A batch a worker took between the look and the removal is in progress now: its worker drops it.
  const running = states.filter((state) => state === "active").length + queued.length - removed;
  return { removed, running };
}

/** Whether a run was queued here and has not ended (its producer deletes the keys when it ends). */
export async function isQueued(redis: Redis, runId: string): Promise<boolean> {
  return (await redis.exists(runKeys(runId).info)) === 1;
}

/** Waits until none of `jobIds` is being played any more, for at most `timeoutMs`; answers whether that happened. */
export async function waitUntilIdle(queue: Queue, jobIds: readonly string[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let remaining = [...jobIds];
  for (;;) {
    const states = await Promise.all(remaining.map((id) => queue.getJobState(id)));
    remaining = remaining.filter((_, i) => states[i] === "active" || states[i] === "waiting");
    if (remaining.length === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
