import { performance } from "node:perf_hooks";
import { Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import type { NodeFailure, RunEvent } from "../../runtime/engine/events.js";
import { runStartEvent, type RunResult } from "../../runtime/engine/run-pipeline.js";
import type { EpisodeRunner, EpisodeRunnerOptions } from "../../runtime/execute-run.js";
import { pipelineContentHash } from "../../runtime/pipeline/trust.js";
import type { ValidatedPipeline } from "../../runtime/pipeline/validate.js";
import { counted, shownCount } from "../../protocol/shown-values.js";
import { episodeCounts } from "../../protocol/episode-difference.js";
import { mergeResults } from "../parallel-episodes.js";
import { decodeOutcome, type BatchJob } from "./batch-job.js";
import { cancelRun, dropRun, waitUntilIdle } from "./cancel-run.js";
import { storeModels } from "./model-store.js";
import { batchJobId, batchOfJobId, CANCEL_NOTICE, EPISODE_QUEUE, RUN_KEY_TTL_S, runJobPrefix, runKeys } from "./names.js";
import { OutcomeCollector } from "./outcome-collector.js";
import { PlayedBy } from "./played-by.js";
import { bundlePipeline } from "./pipeline-bundle.js";
import { openRedis, RedisTrouble, shownUrl } from "./redis-connection.js";
import { STOPPED, unlessStopped, within } from "./stoppable-wait.js";
import { everyWorkerRefused, listeningWorkers, refusalsOf } from "./refusals.js";

/** How a run is spread over the queue. */
export interface QueuedRunOptions {
  redisUrl: string;
  /** Episodes per job. */
  batchSize: number;
  /** Told once every batch is queued (the run id is what `foresight cancel` takes). */
  onQueued?: (queued: QueuedBatches) => void;
  /** Connection trouble and batches retried, one line each. */
  log?: (line: string) => void;
}

/** How a run was queued. */
export interface QueuedBatches {
  runId: string;
  batches: number;
  /** Episodes in the largest batch. */
  largest: number;
  /** Whether every batch has `largest` episodes. */
  even: boolean;
}

/** A contiguous range of episodes, played as one job. */
export interface EpisodeBatch {
  batch: number;
  first: number;
  last: number;
}

/** Attempts a batch gets when its worker throws (a lost worker is BullMQ's stalled-job recovery, not an attempt). */
const ATTEMPTS = 3;

/** How long a cancelled run waits for the batches in progress to be dropped. */
const IDLE_WAIT_MS = 10_000;

/** How often the producer looks at which workers refused its run (a refusal is rare: one look a second is enough). */
const REFUSALS_LOOK_MS = 1000;

/**
 * How long a stopped run waits for Redis to remove its batches: Ctrl+C must end the run promptly
 * (README) though Redis is away or frozen; what is left there is said, with the command that removes it.
 */
const STOP_REDIS_WAIT_MS = 1500;

/**
 * How long a run waits with no batch back before it looks whether any worker listens on its Redis
 * database (none started, started on another database, or every one gone since): a worker started
 * beside the run connects within a second or two. Looked at again each such while, until a batch comes back.
 */
const NO_LISTENER_MS = 5000;

/**
 * How long a run whose workers do listen waits with none of its batches taken before it says so: one
 * busy with another run's batches takes one within its batch's time. The run keeps waiting either way.
 */
const NO_TAKER_MS = 30_000;

/** How often a run waiting for a lost Redis says how long it has waited. */
const REDIS_AWAY_REMINDER_MS = 60_000;

/** "45 s", "3 min", "2 h 5 min". */
function waitedFor(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
}

/** How often a run renews its keys' lifetime, so that one longer than RUN_KEY_TTL_S keeps them. */
const RENEW_KEYS_MS = 3600_000;

/** Splits the episodes into contiguous ranges of at most `size` (a gap starts a new range). */
export function episodeBatches(episodes: readonly number[], size: number): EpisodeBatch[] {
  const batches: EpisodeBatch[] = [];
  for (const episode of episodes) {
    const open = batches.at(-1);
    if (open && episode === open.last + 1 && open.last - open.first + 1 < size) open.last = episode;
    else batches.push({ batch: batches.length, first: episode, last: episode });
  }
  return batches;
}

/**
 * Plays a run's episodes on `foresight worker` processes through BullMQ: one job per batch of
 * contiguous episodes; each batch's files join the run folder's in episode order (BatchFiles) and
 * its trace events go to the run's one trace (docs/distributed.md). Every draw is derived from (seed,
 * episode, node), so the episodes are those of a serial run wherever they are played.
 */
export function queuedEpisodes(options: QueuedRunOptions): EpisodeRunner {
  return async (validated, run) => {
    const start = performance.now();
    const emit = run.onEvent ?? (() => {});
    const episodes = run.episodeIndices ?? Array.from({ length: run.settings.episodes }, (_, i) => i);
    let started = false;
    // The run starts once its batches are queued, so the line saying how to cancel it comes before the progress bar.
    const begin = (queued?: QueuedBatches) => {
      if (queued) options.onQueued?.(queued);
      emit(runStartEvent(validated, run, { ...run.settings, episodes: episodes.length }));
      started = true;
    };
    let played: Played;
    try {
      played = await playOnQueue(validated, run, episodeBatches(episodes, options.batchSize), options, begin, emit);
    } catch (error) {
      if (!started) begin();
      played = { results: [], failure: queueFailure(`the queue failed: ${(error as Error).message}`), stopped: false };
    }
    const merged = mergeResults(played.results, performance.now() - start);
    const failure = played.failure ?? merged.failure;
    const status = failure ? "failed" : played.stopped ? "stopped" : merged.status;
    const result: RunResult = { ...merged, status, ...(failure ? { failure } : {}) };
    emit({ type: "run.end", t: result.wallMs, status, ...episodeCounts(result.episodes), ms: result.wallMs, ...(failure ? { error: failure } : {}) });
    return result;
  };
}

/** What came back: each collected batch's result, and why the run ended early, if it did. */
interface Played {
  results: RunResult[];
  failure?: NodeFailure;
  stopped: boolean;
}

const queueFailure = (message: string): NodeFailure => ({ node: "", kind: "", episode: -1, step: -1, message });

const episodeCount = (batches: readonly EpisodeBatch[]) => batches.reduce((n, b) => n + b.last - b.first + 1, 0);

async function playOnQueue(
  validated: ValidatedPipeline,
  run: EpisodeRunnerOptions,
  batches: readonly EpisodeBatch[],
  options: QueuedRunOptions,
  begin: (queued: QueuedBatches) => void,
  emit: (event: RunEvent) => void,
): Promise<Played> {
  const bundle = bundlePipeline(validated, run.pipelineDir);
  const keys = runKeys(run.runId);
  const log = options.log ?? (() => {});
  const trouble = new RedisTrouble(options.redisUrl, log);
  const url = shownUrl(options.redisUrl);
  trouble.remindEvery(REDIS_AWAY_REMINDER_MS, (awayMs) => `Redis at ${url} still away after ${waitedFor(awayMs)}; the run waits for it (Ctrl+C stops it; to remove its batches from Redis once it is back: \`foresight cancel ${run.runId} --redis ${url}\`)`);
  // Redis may have come back without the run (restarted without persistence): looked at in the loop below.
  let reconnected = false;
  // When Redis last came back: a batch taken back after that outage lost its lock to it, not to a dead worker.
  let redisBackAt = -Infinity;
  trouble.onBack(() => {
    reconnected = true;
    redisBackAt = performance.now();
  });
  const redis = openRedis(options.redisUrl, trouble);
  const blocking = openRedis(options.redisUrl, trouble);
  const queue = new Queue<BatchJob>(EPISODE_QUEUE, { connection: redis });
  queue.on("error", (error) => trouble.heard(error, "queue: "));
  const eventsConnection = openRedis(options.redisUrl, trouble);
  let queueEvents: QueueEvents | undefined;
  let renewal: NodeJS.Timeout | undefined;
  // Set when a stopped run found Redis away: its connections are then dropped, not closed (closing waits for Redis).
  let redisAway = false;
  const jobIds = batches.map((b) => batchJobId(run.runId, b.first, b.last));
  try {
    // The set-up's round trips go out together: none waits on another.
    const [, [last]] = await Promise.all([
      storeModels(redis, bundle.models),
      // Failures are read from BullMQ's event stream from its last entry before the run's jobs are added, so none of this run's is missed.
      redis.xrevrange(`bull:${EPISODE_QUEUE}:events`, "+", "-", "COUNT", 1),
      redis
        .multi()
        .hset(keys.info, { episodes: String(episodeCount(batches)), batches: String(batches.length), queuedAt: new Date().toISOString() })
        .expire(keys.info, RUN_KEY_TTL_S)
        .sadd(keys.jobs, ...jobIds)
        .expire(keys.jobs, RUN_KEY_TTL_S)
        .exec(),
    ]);
    // Not waited for: it reads the stream from `last` on whenever it is connected.
    // Short blocking reads: BullMQ keeps a timer of the read's length (plus 1 s) that a stopped run waits for when Redis is away.
    queueEvents = new QueueEvents(EPISODE_QUEUE, { connection: eventsConnection, lastEventId: last?.[0] ?? "0-0", blockingTimeout: 1000 });
    queueEvents.on("error", (error) => trouble.heard(error, "queue events: "));
    const failedJobs: { jobId: string; reason: string }[] = [];
    queueEvents.on("failed", ({ jobId, failedReason }) => {
      if (jobId.startsWith(runJobPrefix(run.runId))) failedJobs.push({ jobId, reason: failedReason });
    });
    // Read from the stream the failures come on, so saying it costs no round trip.
    let taken = false;
    const takenAt = new Map<string, number>();
    queueEvents.on("active", ({ jobId }) => {
      if (!jobId.startsWith(runJobPrefix(run.runId))) return;
      taken = true;
      takenAt.set(jobId, performance.now());
    });
    queueEvents.on("stalled", ({ jobId }) => {
      const batch = batchOfJobId(jobId);
      if (!batch || !jobId.startsWith(runJobPrefix(run.runId))) return;
      const why = redisBackAt >= (takenAt.get(jobId) ?? Infinity) ? "its lock lapsed while Redis was away" : "its worker stopped answering";
      log(`batch ${batch.first}–${batch.last} retried: ${why}`);
    });
    const pipelineSha256 = pipelineContentHash(bundle.doc);
    const models = bundle.models.map(({ sha256, bytes, path }) => ({ sha256, bytes, path }));
    const jobs = batches.map((b, i) => ({
      name: "episodes",
      data: { format: "foresight/batch" as const, version: 1 as const, runId: run.runId, ...b, pipeline: bundle.doc, pipelineSha256, models, settings: run.settings },
      opts: { jobId: jobIds[i]!, attempts: ATTEMPTS, backoff: { type: "exponential" as const, delay: 1000 }, removeOnComplete: true, removeOnFail: { age: RUN_KEY_TTL_S } },
    }));
    // The first batch by itself: a worker starts on it while the others are added (~0.25 ms a job).
    await queue.addBulk(jobs.slice(0, 1));
    await queue.addBulk(jobs.slice(1));
    const largest = Math.max(...batches.map((b) => b.last - b.first + 1));
    begin({ runId: run.runId, batches: batches.length, largest, even: batches.every((b) => b.last - b.first + 1 === largest) });
    renewal = setInterval(() => void redis.multi().expire(keys.info, RUN_KEY_TTL_S).expire(keys.jobs, RUN_KEY_TTL_S).exec().catch(() => {}), RENEW_KEYS_MS).unref();

    const collector = new OutcomeCollector(run.runDir, bundle, emit, run.traceSink);
    const playedBy = new PlayedBy();
    const pending = new Set(batches.map((b) => b.batch));
    let collected = 0;
    let failure: NodeFailure | undefined;
    let stopped = false;
    const refusalsTold = new Set<string>();
    const queuedAt = performance.now();
    let toldNoTaker = false;
    // When a batch last came back (or the run was queued), when listeners were last looked at, and whether none was said.
    let lastBack = queuedAt;
    let listenersLooked = -Infinity;
    let toldNoListener = false;
    let refusalsLooked = performance.now();
    // Every wait on Redis in the loop ends at a stop: while Redis is away or frozen, its commands wait for it.
    const signal = run.control?.signal;
    const orStop = <T>(promise: Promise<T>) => unlessStopped(promise, signal);
    while (pending.size > 0 && !failure && !stopped) {
      if (signal?.aborted) {
        stopped = true;
        break;
      }
      for (const { jobId, reason } of failedJobs.splice(0)) {
        // Only a final failure counts: a job that will be retried is back in the queue.
        const state = await orStop(queue.getJobState(jobId));
        if (state === "failed") failure ??= queueFailure(`batch ${jobId} failed: ${reason}`);
      }
      if (signal?.aborted) continue;
      if (failure) break;
      const now = performance.now();
      const startOne = `start one with \`foresight worker --redis ${url}\` (the run waits for it; Ctrl+C stops it)`;
      if (!taken && !toldNoTaker && collected === 0 && now - queuedAt >= NO_TAKER_MS) {
        toldNoTaker = true;
        log(`no worker has taken a batch of this run in ${NO_TAKER_MS / 1000} s on ${url} (those there may be busy with other runs): ${startOne}`);
      }
      // Looked at whenever no batch has come back for a while, not only before the first: every worker may die later.
      if (!toldNoListener && now - lastBack >= NO_LISTENER_MS && now - listenersLooked >= NO_LISTENER_MS) {
        listenersLooked = now;
        // Undefined where Redis refuses CLIENT LIST (some hosted ones do): the no-taker line then says it.
        const listening = await orStop(listeningWorkers(redis, redis.options.db ?? 0));
        if (listening === STOPPED) continue;
        if (listening?.size === 0) {
          toldNoListener = toldNoTaker = true;
          log(`no worker is listening on ${url}${collected > 0 ? " any more" : ""}: ${startOne}`);
        }
      }
      if (performance.now() - refusalsLooked >= REFUSALS_LOOK_MS) {
        refusalsLooked = performance.now();
        const refusals = await orStop(refusalsOf(redis, run.runId));
        if (refusals === STOPPED) continue;
        for (const [id, { worker, reason }] of refusals) {
          if (!refusalsTold.has(id)) log(`${worker} cannot play this run, its batches go to other workers: ${reason}`);
          refusalsTold.add(id);
        }
        const listening = refusals.size > 0 ? await orStop(listeningWorkers(redis, redis.options.db ?? 0)) : undefined;
        const unplayable = listening === STOPPED ? undefined : everyWorkerRefused(refusals, listening);
        if (unplayable) {
          failure = queueFailure(unplayable);
          break;
        }
      }
      if (reconnected) {
        reconnected = false;
        // A cancel while this process was cut off deleted the run too, but left its notice: the next pop reads it.
        const looked = await orStop(redis.multi().exists(keys.info).lpos(keys.done, CANCEL_NOTICE).exec());
        if (looked === STOPPED) continue;
        const [[, queued], [, notice]] = looked as [[null, number], [null, number | null]];
        if (!queued && notice === null) {
          failure = queueFailure(`Redis lost the run's queue (restarted without persistence?): ${shownCount(collected)} of ${counted(episodeCount(batches), "episode")} done`);
          break;
        }
      }
      const popped = await orStop(blocking.blpop(keys.done, 0.25));
      if (!popped || popped === STOPPED) continue;
      const [, notice] = popped;
      if (notice === CANCEL_NOTICE) {
        // Said here: the run's last line ("run stopped") would otherwise read like a Ctrl+C of this process.
        log(`${run.runId} was cancelled by \`foresight cancel\``);
        stopped = true;
        break;
      }
      const bytes = await orStop(redis.getBuffer(notice));
      // A batch played twice is announced twice: its key is read (and deleted) once.
      if (bytes === null || bytes === STOPPED) continue;
      void redis.del(notice).catch(() => {});
      const outcome = decodeOutcome(bytes, notice);
      if (outcome.runId !== run.runId || !pending.delete(outcome.batch)) continue;
      collector.collect(outcome);
      playedBy.take(outcome);
      collected += outcome.last - outcome.first + 1;
      lastBack = performance.now();
      toldNoListener = false;
      if (outcome.result.status === "failed") failure = outcome.result.failure ?? queueFailure(`batch ${outcome.batch} failed`);
    }
    if (pending.size > 0) {
      // Stopped or failed: nothing more of this run may be played.
      const cancelling = cancelRun(redis, queue, run.runId, jobIds).then(() => true);
      const cancelled = stopped ? await within(cancelling, STOP_REDIS_WAIT_MS) : await cancelling;
      if (!cancelled) {
        redisAway = true;
        log(`Redis at ${shownUrl(options.redisUrl)} did not answer: the batches of ${run.runId} left there could not be removed; once it is back, run \`foresight cancel ${run.runId} --redis ${shownUrl(options.redisUrl)}\``);
      } else {
        const outstanding = batches.filter((b) => pending.has(b.batch)).map((b) => jobIds[b.batch]!);
        if (!(await waitUntilIdle(redis, queue, outstanding, IDLE_WAIT_MS))) log(`some batches of ${run.runId} were still being played after ${IDLE_WAIT_MS / 1000} s; their workers drop them`);
      }
    }
    await collector.written();
    playedBy.write(run.runDir);
    return { results: collector.results, stopped, ...(failure ? { failure } : {}) };
  } finally {
    clearInterval(renewal);
    trouble.stopReminding();
    if (redisAway) {
      trouble.giveUp();
      // Not waited for: BullMQ's disconnect waits for its connections to be ready first.
      for (const closing of [queueEvents?.disconnect(), queue.disconnect()]) closing?.catch(() => {});
      redis.disconnect();
    } else {
      // Outcomes stored but not taken in (the run stopped or failed first, or a batch played twice) go with the run's keys.
      await dropRun(redis, run.runId, jobIds, false).catch(() => {});
      await queueEvents?.close().catch(() => {});
      await queue.close().catch(() => {});
    }
    blocking.disconnect();
    eventsConnection.disconnect();
    if (!redisAway) await quit(redis);
  }
}

async function quit(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect());
}
