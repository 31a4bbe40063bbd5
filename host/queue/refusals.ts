import type { Redis } from "ioredis";
import { RUN_KEY_TTL_S, runKeys, WORKER_CONNECTION_PREFIX } from "./names.js";

/** A worker as the queue knows it: `id` (host:pid) tells processes apart, `shown` is how messages name it. */
export interface WorkerIdentity {
  id: string;
  shown: string;
}

/** A worker that cannot play a run, and why. */
export interface Refusal {
  worker: string;
  reason: string;
}

/** KEYS: the run's info, its refusals; ARGV: the worker's id, the refusal (JSON), the TTL. Kept only while the run is queued. */
const RECORD_WHILE_QUEUED = `
if redis.call("EXISTS", KEYS[1]) == 0 then return 0 end
redis.call("HSET", KEYS[2], ARGV[1], ARGV[2])
redis.call("EXPIRE", KEYS[2], ARGV[3])
return 1`;

/**
 * Notes that `worker` cannot play the run (its pipeline does not validate there: a kind, a module,
 * a program it lacks): a problem of that machine, not of the run, so its batches go to other
 * workers; the producer fails the run only once every worker listening has refused it (`unplayable`).
 */
export async function recordRefusal(redis: Redis, runId: string, worker: WorkerIdentity, reason: string): Promise<void> {
  const keys = runKeys(runId);
  await redis.eval(RECORD_WHILE_QUEUED, 2, keys.info, keys.refused, worker.id, JSON.stringify({ worker: worker.shown, reason } satisfies Refusal), RUN_KEY_TTL_S);
}

/** The refusals of a run so far, by worker id. */
export async function refusalsOf(redis: Redis, runId: string): Promise<Map<string, Refusal>> {
  const stored = await redis.hgetall(runKeys(runId).refused);
  return new Map(Object.entries(stored).map(([id, json]) => [id, JSON.parse(json) as Refusal]));
}

/**
 * The ids of the workers connected to `db` now, from their connections' names (CLIENT LIST lists
 * every database's clients). Undefined where the server does not offer CLIENT LIST (some managed
 * Redis): then no one can tell that every worker refused.
 */
export async function listeningWorkers(redis: Redis, db: number): Promise<Set<string> | undefined> {
  let list: string;
  try {
    list = String(await redis.client("LIST"));
  } catch {
    return undefined;
  }
  const ids = new Set<string>();
  for (const line of list.split("\n")) {
    const name = /(?:^| )name=(\S*)/.exec(line)?.[1];
    const clientDb = /(?:^| )db=(\d+)/.exec(line)?.[1];
    if (name?.startsWith(WORKER_CONNECTION_PREFIX) && Number(clientDb) === db) ids.add(name.slice(WORKER_CONNECTION_PREFIX.length));
  }
  return ids;
}

/** Why no worker can play the run, when every worker listening has refused it (and one at least listens); else undefined. */
export function everyWorkerRefused(refusals: ReadonlyMap<string, Refusal>, listening: ReadonlySet<string> | undefined): string | undefined {
  if (!listening || listening.size === 0 || ![...listening].every((id) => refusals.has(id))) return undefined;
  return `no worker can play this run: ${[...refusals.values()].map(({ worker, reason }) => `${worker}: ${reason}`).join("; ")}`;
}
