import type { Redis } from "ioredis";
import { RUN_KEY_TTL_S, runKeys } from "./names.js";

/** KEYS: the run's info, the outcome's key, the done list; ARGV: the outcome, its TTL. */
const STORE_WHILE_QUEUED = `
if redis.call("EXISTS", KEYS[1]) == 0 then return 0 end
redis.call("SET", KEYS[2], ARGV[1], "EX", ARGV[2])
redis.call("RPUSH", KEYS[3], KEYS[2])
redis.call("EXPIRE", KEYS[3], ARGV[2])
return 1`;

/**
 * Stores a batch's outcome under its episode range and announces it on the run's done list, in one
 * step and only while the run is queued (its `info` key is there): a run cancelled, ended or lost
 * while the batch played gets no key back from it, though the worker's last look may have been on its
 * way when the run went. Answers whether it was stored. A batch played twice stores the same key and
 * is taken in once.
 */
export async function storeOutcome(redis: Redis, runId: string, range: { first: number; last: number }, outcome: Buffer): Promise<boolean> {
  const keys = runKeys(runId);
  const stored = await redis.eval(STORE_WHILE_QUEUED, 3, keys.info, keys.result(range.first, range.last), keys.done, outcome, RUN_KEY_TTL_S);
  return stored === 1;
}
