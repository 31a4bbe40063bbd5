import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DelayedError, UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { batchJobSchema, type BatchJob } from "./batch-job.js";
import { EpisodeThread } from "./episode-thread-handle.js";
import { fetchModels } from "./model-store.js";
import { batchLabel, EPISODE_QUEUE, runKeys, WORKER_CONNECTION_PREFIX } from "./names.js";
import { machineTrouble, shownFailure } from "./machine-trouble.js";
import { BatchRefused } from "./play-batch.js";
import { openRedis, RedisTrouble } from "./redis-connection.js";
import { recordRefusal, type WorkerIdentity } from "./refusals.js";
import { storeOutcome } from "./store-outcome.js";
import { defaultScratchFolder } from "./scratch-folder.js";
import { VanishedJobs } from "./vanished-jobs.js";
import { counted } from "../../protocol/shown-values.js";

/** How often a worker looks whether the run of the batch it plays is still queued (not cancelled, ended or lost). */
const CANCEL_POLL_MS = 250;

/**
 * How long a worker takes no batch after handing back one of a run it cannot play: BullMQ cannot
 * keep a worker from a run's batches, so it rests, and the other workers take them meanwhile.
 */
const REFUSED_REST_MS = 5000;

/** Runs a worker remembers it cannot play (their batches go back untried). */
const REFUSED_KEPT = 64;

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
  /** How this worker is named in the errors and refusals that reach the producer. */
  private readonly identity: WorkerIdentity;
  /** Runs whose pipelines do not validate here, with why: their batches go back to the queue. */
  private readonly refusedRuns = new Map<string, string>();
  private resting: NodeJS.Timeout | undefined;
  /** This process's own scratch folder, inside the one it was given (which workers may share): removed as it exits. */
  private readonly scratch: string;
  private closing = false;

  constructor(private readonly options: ConsumerOptions) {
    const log = (this.log = options.log ?? (() => {}));
    const id = `${hostname()}:${process.pid}`;
    this.name = options.name ?? id;
    // Its name and where it runs: what the run folder's workers.json and the messages call it.
    const known = this.name === id ? id : `${this.name} (${id})`;
    this.identity = { id, shown: `worker ${known}` };
    this.cacheDir = options.cacheDir;
    const trouble = new RedisTrouble(options.redisUrl, log);
    // Named, so that a producer can tell which workers listen (refusals.ts).
    this.redis = openRedis(options.redisUrl, trouble, `${WORKER_CONNECTION_PREFIX}${id}`);
    // Scratch space apart from the cache, which may be shared by several workers (docs/distributed.md).
    const scratchRoot = options.scratchDir ?? defaultScratchFolder();
    mkdirSync(scratchRoot, { recursive: true });
    this.scratch = mkdtempSync(join(scratchRoot, "worker-"));
    this.episodes = new EpisodeThread({
      folders: { models: join(options.cacheDir, "models"), scratch: this.scratch },
      worker: known,
      kindModules: options.kindModules ?? [],
    });
    this.worker = new Worker<BatchJob, BatchReturn>(EPISODE_QUEUE, (job, token, signal) => this.process(job, token, signal), {
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
    this.closing = true;
    clearTimeout(this.resting);
    await this.worker.close(force);
    await this.episodes.close();
    rmSync(this.scratch, { recursive: true, force: true });
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /**
   * Abandons the batches in progress (the queue hands them to other workers) and deletes this worker's
   * scratch folder: the episode thread ends first, or its last writes land in a folder being removed.
   */
  async leave(): Promise<void> {
    await this.episodes.leave();
    rmSync(this.scratch, { recursive: true, force: true, maxRetries: 3 });
  }

  private async process(job: Job<BatchJob, BatchReturn>, token: string | undefined, signal?: AbortSignal): Promise<BatchReturn> {
    const log = this.log;
    const parsed = batchJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`job ${job.id}: not a Foresight batch (${parsed.error.issues[0]?.message})`);
    const batch = parsed.data;
    const keys = runKeys(batch.runId);
    const label = batchLabel(batch);
    const key = keys.result(batch.first, batch.last);
    const refused = this.refusedRuns.get(batch.runId);
    if (refused !== undefined) return this.handBack(job, token, label, refused);
    try {
      await fetchModels(this.redis, batch.models, join(this.cacheDir, "models"));
    } catch (error) {
      log(`${label}: failed: ${(error as Error).message}`);
      throw new UnrecoverableError(`${this.identity.shown}: ${(error as Error).message}`);
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
      // Checked before it is stored: a batch this machine failed to write is another worker's to play.
      const trouble = outcome.failure && machineTrouble(outcome.failure.message);
      if (trouble) throw new BatchRefused(`this worker's files failed (${trouble}; its scratch folder ${this.scratch}): ${shownFailure(outcome.failure!)}`);
      if (!(await storeOutcome(this.redis, batch.runId, batch, outcome.outcome))) return await this.dropped(job, label, after);
      if (outcome.failure) {
        log(`${label}: failed: ${shownFailure(outcome.failure)}`);
        return { outcome: key };
      }
      log(`${label}: done in ${((performance.now() - start) / 1000).toFixed(2)} s (${counted(outcome.episodes, "episode")}${outcome.successes === null ? "" : `, ${counted(outcome.successes, "success", "successes")}`})`);
      return { outcome: key };
    } catch (error) {
      // Said here too: the producer fails the run, but whoever watches this worker should see why.
      if (error instanceof BatchRefused) return this.handBack(job, token, label, error.message);
      const trouble = machineTrouble((error as Error).message);
      if (trouble) return this.handBack(job, token, label, `this worker's files failed (${trouble}; its scratch folder ${this.scratch}): ${(error as Error).message}`);
      log(`${label}: failed: ${(error as Error).message}`);
      throw new Error(`${this.identity.shown}: ${(error as Error).message}`, { cause: error });
    } finally {
      clearInterval(watch);
      signal?.removeEventListener("abort", stop);
    }
  }

  /**
   * A batch of a run this worker cannot play goes back to the queue, its attempts untouched, for
   * other workers; the refusal is noted for the producer, which fails the run once every worker
   * listening has refused it. This worker then rests a while, so as not to take the batches back at once.
   */
  private async handBack(job: Job<BatchJob, BatchReturn>, token: string | undefined, label: string, reason: string): Promise<never> {
    if (!this.refusedRuns.has(job.data.runId)) {
      if (this.refusedRuns.size >= REFUSED_KEPT) this.refusedRuns.delete(this.refusedRuns.keys().next().value!);
      this.refusedRuns.set(job.data.runId, reason);
      this.log(`${label}: cannot be played here, handed back to the queue for other workers: ${reason}`);
      await recordRefusal(this.redis, job.data.runId, this.identity, reason);
    } else {
      // One line a batch: a batch taken before the refusal was noted said "started", and must not be left without an end.
      this.log(`${label}: handed back`);
    }
    this.rest();
    await job.moveToDelayed(Date.now(), token);
    throw new DelayedError();
  }

  private rest(): void {
    if (this.resting || this.closing) return;
    void this.worker.pause(true);
    this.resting = setTimeout(() => {
      this.resting = undefined;
      if (!this.closing) void this.worker.resume();
    }, REFUSED_REST_MS);
  }

  /** Says why a batch was not stored: its run was cancelled or has ended, or its job is gone with Redis's data. */
  private async dropped(job: Job<BatchJob, BatchReturn>, label: string, what: string): Promise<BatchReturn> {
    if (await this.vanished.gone(job.id!)) this.vanished.tell(job.id!, `, ${what}`);
    else this.log(`${label}: its run was cancelled or has ended, ${what}`);
    return { cancelled: true };
  }
}
