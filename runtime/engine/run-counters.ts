import type { RunCounters } from "../node-kind.js";

/** Slots each node of a run gets (SetupContext.runCounters). */
export const RUN_COUNTER_SLOTS = 12;

/**
 * The memory of a run's node counters, for `nodes` nodes: one buffer for every thread that plays
 * the run (host/parallel-episodes.ts hands it to its workers, which hand it to each chunk's run).
 */
export function runCounterMemory(nodes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(Math.max(1, nodes) * RUN_COUNTER_SLOTS * BigInt64Array.BYTES_PER_ELEMENT);
}

/**
 * The episodes one process plays of a run spread over processes that share no memory (a queue
 * batch): `count` episodes after the run's first `before`, of `total`.
 */
export interface EpisodePart {
  before: number;
  count: number;
  total: number;
}

/** The counters of the run's node number `index` (its place in the pipeline's node list). */
export function nodeCounters(memory: SharedArrayBuffer, index: number, part?: EpisodePart): RunCounters {
  const slots = new BigInt64Array(memory, index * RUN_COUNTER_SLOTS * BigInt64Array.BYTES_PER_ELEMENT, RUN_COUNTER_SLOTS);
  if (!part || part.total <= 0) return { slots, partOf: (limit) => limit, scope: "this run" };
  // Cumulative shares, rounded down: the batches' parts add up to the limit exactly.
  const upTo = (episodes: number, limit: number) => Math.floor((episodes * limit) / part.total);
  return {
    slots,
    partOf: (limit) => upTo(part.before + part.count, limit) - upTo(part.before, limit),
    scope: `this batch (episodes ${part.before}–${part.before + part.count - 1} of ${part.total})`,
  };
}
