import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { batchOfJobId, CANCEL_NOTICE, runKeys } from "./names.js";

/** What cancelling found. */
export interface Cancelled {
  /** Whether the run was queued (its `info` key was there) when it was cancelled. */
  queued: boolean;
  /** Batches removed before any worker took them. */
  removed: number;
  /** Batches a worker is playing: it drops them at its next look at the run (within a second). */
  running: number;
  /** Batches played whose outcomes no producer had taken in, deleted. */
  outcomes: number;
}

/** How long the wake-up word stays on the done list: a live producer reads it within a second; a dead one's goes by itself. */
const CANCEL_NOTICE_TTL_S = 60;

/**
 * KEYS: the run's info, its jobs, its done list, its refusals, then every outcome key its batches may have;
 * ARGV: the wake-up word ("" for none), its TTL. Answers { whether the run was queued, outcomes
 * deleted }. A producer is woken only for a run that was queued: dropping a run that is not
 * leaves nothing behind.
 */
const DROP_RUN = `
local queued = redis.call("DEL", KEYS[1])
local outcomes = 0
for i = 5, #KEYS do outcomes = outcomes + redis.call("DEL", KEYS[i]) end
redis.call("DEL", KEYS[2], KEYS[3], KEYS[4])
if queued == 1 and ARGV[1] ~= "" then
  redis.call("RPUSH", KEYS[3], ARGV[1])
  redis.call("EXPIRE", KEYS[3], ARGV[2])
end
return { queued, outcomes }`;

/**
 * Deletes what a run keeps in Redis, in one step: its `info` first, so that workers drop its
 * batches (they look before and during each one) and store no outcome of it (store-outcome.ts):
 * a batch that finishes later brings nothing back. Its outcomes are found by its job ids (every
 * range it has), announced or not. With `wake`, its producer, if alive, is told on its done list.
 */
export async function dropRun(redis: Redis, runId: string, jobIds: readonly string[], wake: boolean): Promise<{ queued: boolean; outcomes: number }> {
  const keys = runKeys(runId);
  const outcomeKeys = jobIds.flatMap((id) => {
    const range = batchOfJobId(id);
    return range ? [keys.result(range.first, range.last)] : [];
  });
  const notice = wake ? CANCEL_NOTICE : "";
  const [queued, outcomes] = (await redis.eval(DROP_RUN, 4 + outcomeKeys.length, keys.info, keys.jobs, keys.done, keys.refused, ...outcomeKeys, notice, CANCEL_NOTICE_TTL_S)) as [number, number];
  return { queued: queued === 1, outcomes };
}

/**
 * Cancels a run: drops its keys and outcomes (dropRun), wakes its producer, and removes its batches
 * no worker has taken. Safe to repeat: a run cancelled already answers `queued: false`, and nothing
 * is left to remove. The producer passes its own job ids; `foresight cancel` reads them from Redis.
 */
export async function cancelRun(redis: Redis, queue: Queue, runId: string, jobIds?: readonly string[]): Promise<Cancelled> {
  const ids = jobIds ?? (await redis.smembers(runKeys(runId).jobs));
  const { queued, outcomes } = await dropRun(redis, runId, ids, true);
  const states = await Promise.all(ids.map((jobId) => queue.getJobState(jobId)));
  const waiting = ids.filter((_, i) => ["waiting", "delayed", "prioritized", "waiting-children"].includes(states[i]!));
  const removed = (await Promise.all(waiting.map((jobId) => queue.remove(jobId)))).reduce((sum, n) => sum + n, 0);
  // A batch a worker took between the look and the removal is in progress now: its worker drops it.
  const running = states.filter((state) => state === "active").length + waiting.length - removed;
  return { queued, removed, running, outcomes };
}

/**
 * Waits until none of `jobIds` is being played any more, for at most `timeoutMs`; answers whether that
 * happened. An active batch whose lock has lapsed is played by no one: its worker was killed, and
 * nothing would end the wait for it until another worker's stalled-job check came round.
 */
export async function waitUntilIdle(redis: Redis, queue: Queue, jobIds: readonly string[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let remaining = [...jobIds];
  for (;;) {
    const states = await Promise.all(remaining.map((id) => queue.getJobState(id)));
    const locked = await Promise.all(remaining.map((id, i) => (states[i] === "active" ? redis.exists(`${queue.toKey(id)}:lock`) : 0)));
    remaining = remaining.filter((_, i) => locked[i] === 1 || states[i] === "waiting");
    if (remaining.length === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
