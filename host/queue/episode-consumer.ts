import { hostname } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { batchJobSchema, type BatchJob } from "./batch-job.js";
import { EpisodeThread } from "./episode-thread-handle.js";
import { fetchModels } from "./model-store.js";
import { batchLabel, EPISODE_QUEUE, runKeys } from "./names.js";
import { BatchRefused } from "./play-batch.js";
import { openRedis, RedisTrouble } from "./redis-connection.js";
import { storeOutcome } from "./store-outcome.js";
import { defaultScratchFolder } from "./scratch-folder.js";
import { VanishedJobs } from "./vanished-jobs.js";
import { counted } from "../../protocol/shown-values.js";

/** How often a worker looks whether the run of the batch it plays is still queued (not cancelled, ended or lost). */
const CANCEL_POLL_MS = 250;

/** How a `foresight worker` takes part. */
export interface ConsumerOptions {
  redisUrl: string;
  /** Its folder for models, by hash, under models/. */
  cacheDir: string;
  /** Where batches play, their files deleted once packed (default: defaultScratchFolder()). */
  scratchDir?: string;
  /** Shown in logs and stored on each job (default host:pid). */
  name?: string;
  /** BullMQ's lock on a batch in progress (ms): a worker silent this long has its batch taken back. */
  lockDuration?: number;
  /** How often this worker looks for batches whose lock expired (ms). */
  stalledInterval?: number;
  /** How many times a batch may be taken back from lost workers before it fails. */
  maxStalledCount?: number;
  /** What the worker did, one line each. */
  log?: (line: string) => void;
  /** Node kind modules beside the built-ins (HostKinds.modules), for runs whose pipelines use them. */
  kindModules?: string[];
}

/** What a batch job returns to BullMQ: where its outcome is, or that its run was no longer queued. */
export type BatchReturn = { outcome: string } | { cancelled: true };

/** A process's part in distributed runs: takes batches from the queue and plays them one at a time on its episode thread. */
export class EpisodeConsumer {
  private readonly redis: Redis;
  private readonly worker: Worker<BatchJob, BatchReturn>;
  /** Plays the batches, one at a time, while this thread talks to Redis. */
  private readonly episodes: EpisodeThread;
  private readonly cacheDir: string;
  private readonly vanished: VanishedJobs;
  private readonly log: (line: string) => void;
  readonly name: string;

  constructor(private readonly options: ConsumerOptions) {
    const log = (this.log = options.log ?? (() => {}));
    this.name = options.name ?? `${hostname()}:${process.pid}`;
    this.cacheDir = options.cacheDir;
    const trouble = new RedisTrouble(options.redisUrl, log);
    this.redis = openRedis(options.redisUrl, trouble);
    // Scratch space apart from the cache, which may be shared by several workers (docs/distributed.md).
    this.episodes = new EpisodeThread({
      folders: { models: join(options.cacheDir, "models"), scratch: options.scratchDir ?? defaultScratchFolder() },
      worker: this.name,
      kindModules: options.kindModules ?? [],
    });
    this.worker = new Worker<BatchJob, BatchReturn>(EPISODE_QUEUE, (job, _token, signal) => this.process(job, signal), {
      connection: this.redis,
      name: this.name,
      // Three jobs at a time, one playing: the next ones wait their turn on the episode thread
      // while the last one is stored and completed, so it goes from batch to batch without a pause.
      concurrency: 3,
      lockDuration: options.lockDuration ?? 30_000,
      stalledInterval: options.stalledInterval ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 2,
    });
    this.vanished = new VanishedJobs(this.redis, (jobId) => this.worker.toKey(jobId), log);
    this.worker.on("error", (error) => void (this.vanished.heard(error) || trouble.heard(error, "queue error: ")));
  }

  /** Resolves once the worker listens to the queue. */
  async ready(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  /** Stops taking batches; the ones it holds (the one playing, and up to two waiting their turn) are finished first unless `force`. */
  async close(force = false): Promise<void> {
    await this.worker.close(force);
    await this.episodes.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private async process(job: Job<BatchJob, BatchReturn>, signal?: AbortSignal): Promise<BatchReturn> {
    const log = this.log;
    const parsed = batchJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`job ${job.id}: not a Foresight batch (${parsed.error.issues[0]?.message})`);
    const batch = parsed.data;
    const keys = runKeys(batch.runId);
    const label = batchLabel(batch);
    const key = keys.result(batch.first, batch.last);
    try {
      await fetchModels(this.redis, batch.models, join(this.cacheDir, "models"));
    } catch (error) {
      log(`${label}: failed: ${(error as Error).message}`);
      throw new UnrecoverableError(`${label}: ${(error as Error).message}`);
    }
    let start = 0;
    const { id, played } = this.episodes.play(batch, () => {
      log(`${label}: started`);
      start = performance.now();
    });
    let gone = false;
    const stop = () => this.episodes.stop(id);
    signal?.addEventListener("abort", stop, { once: true });
    const lookAtRun = () =>
      this.redis.exists(keys.info).then(
        (queued) => {
          if (!queued) {
            gone = true;
            stop();
          }
        },
        // Unknown this time (Redis is away): the next look tells; a run that is gone gets no outcome stored anyway.
        () => {},
      );
    // Asked now, answered while the batch waits its turn or plays: a run that is gone stops it at its next step.
    const firstLook = lookAtRun();
    const watch = setInterval(() => void lookAtRun(), CANCEL_POLL_MS);
    try {
      const outcome = await played;
      // Waited for so that a cancelled run's batch is not stored only to be refused.
      await firstLook;
      if (!outcome) return await this.dropped(job, label, "skipped");
      const after = `dropped after ${counted(outcome.episodes, "episode")}`;
      if (gone || outcome.stopped) return await this.dropped(job, label, after);
      if (!(await storeOutcome(this.redis, batch.runId, batch, outcome.outcome))) return await this.dropped(job, label, after);
      log(`${label}: done in ${((performance.now() - start) / 1000).toFixed(2)} s (${counted(outcome.episodes, "episode")}${outcome.successes === null ? "" : `, ${counted(outcome.successes, "success", "successes")}`})`);
      return { outcome: key };
    } catch (error) {
      // Said here too: the producer fails the run, but whoever watches this worker should see why.
      log(`${label}: failed: ${(error as Error).message}`);
      if (error instanceof BatchRefused) throw new UnrecoverableError(`${label}: ${error.message}`);
      throw error;
    } finally {
      clearInterval(watch);
      signal?.removeEventListener("abort", stop);
    }
  }

  /** Says why a batch was not stored: its run was cancelled or has ended, or its job is gone with Redis's data. */
  private async dropped(job: Job<BatchJob, BatchReturn>, label: string, what: string): Promise<BatchReturn> {
    if (await this.vanished.gone(job.id!)) this.vanished.tell(job.id!, `, ${what}`);
    else this.log(`${label}: its run was cancelled or has ended, ${what}`);
    return { cancelled: true };
  }
}
