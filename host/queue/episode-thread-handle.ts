import { Worker } from "node:worker_threads";
import { leaveThread } from "../leave-thread.js";
import { encodeOutcome, type BatchJob } from "./batch-job.js";
import type { EpisodeThreadData, FromEpisodeThread, ToEpisodeThread } from "./episode-thread-protocol.js";
import { modelNamesOf, withModelPaths, type ModelNames } from "./model-names.js";
import { BatchRefused, withTraceLines } from "./play-batch.js";
import type { NodeFailure } from "../../runtime/engine/events.js";

/** A batch the episode thread played, whole or stopped part way, its outcome encoded. */
export interface PlayedBatch {
  stopped: boolean;
  episodes: number;
  /** Null in a world that reports no success (Pendulum): its episodes have only returns. */
  successes: number | null;
  outcome: Buffer;
  /** Why it failed, when it did: a worker logs it, and hands the batch back when its disk was at fault. */
  failure?: NodeFailure;
}

interface Waiting {
  models: ModelNames;
  started: () => void;
  resolve: (played: PlayedBatch | undefined) => void;
  reject: (error: Error) => void;
}

/**
 * The main thread's side of a worker's episode thread (episode-thread.ts): hands it batches, which
 * it plays one at a time in the order handed, and hears back. A thread that dies fails the
 * batches it held (BullMQ retries them) and is started again for the next.
 */
export class EpisodeThread {
  private thread: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private leaving = false;

  constructor(private readonly data: EpisodeThreadData) {}

  /**
   * Plays `job` after the batches handed before it; `started` is called when it starts. Resolves
   * with what it played, or undefined when it was stopped (`stop`) before it started; rejects
   * with BatchRefused when its pipeline does not validate here.
   */
  play(job: BatchJob, started: () => void): { id: number; played: Promise<PlayedBatch | undefined> } {
    const id = this.nextId++;
    const played = new Promise<PlayedBatch | undefined>((resolve, reject) => this.waiting.set(id, { models: modelNamesOf(job), started, resolve, reject }));
    this.send({ type: "play", id, job });
    return { id, played };
  }

  /** Stops batch `id` at its next step (or before it starts). */
  stop(id: number): void {
    if (this.waiting.has(id)) this.send({ type: "stop", id });
  }

  /** Lets the thread finish what it holds, release its models and end. */
  async close(): Promise<void> {
    const thread = this.thread;
    if (!thread) return;
    const ended = new Promise((resolve) => thread.once("exit", resolve));
    thread.postMessage({ type: "close" } satisfies ToEpisodeThread);
    await ended;
  }

  /**
   * Ends the thread at its next turn (within a step), its batches abandoned, for a worker that leaves
   * them to the queue: their promises never settle, so no job is completed or failed here. Ended from
   * inside, not by `terminate`, which aborts the process when it lands inside an ONNX Runtime call.
   */
  async leave(): Promise<void> {
    const thread = this.thread;
    if (!thread) return;
    this.leaving = true;
    await leaveThread(thread);
  }

  private send(message: ToEpisodeThread): void {
    this.thread ??= this.start();
    this.thread.postMessage(message);
  }

  private start(): Worker {
    const thread = new Worker(new URL("./episode-thread.js", import.meta.url), { workerData: this.data });
    thread.on("message", (message: FromEpisodeThread) => this.hear(message));
    const lost = (error: Error) => {
      if (this.thread === thread) this.thread = undefined;
      if (this.leaving) return;
      for (const [id, waiting] of this.waiting) {
        this.waiting.delete(id);
        waiting.reject(error);
      }
    };
    thread.on("error", (error) => lost(new Error(`the episode thread failed: ${error.message}`)));
    thread.on("exit", (code) => lost(new Error(`the episode thread ended (code ${code})`)));
    return thread;
  }

  private hear(message: FromEpisodeThread): void {
    const waiting = this.waiting.get(message.id);
    if (!waiting) return;
    if (message.type === "started") return waiting.started();
    this.waiting.delete(message.id);
    if (message.type === "skipped") waiting.resolve(undefined);
    else if (message.type === "failed") waiting.reject(message.refused ? new BatchRefused(message.message) : new Error(message.message));
    else {
      const { episodes, status, failure } = message.outcome.result;
      const successes = episodes.some((episode) => episode.success !== null) ? episodes.filter((episode) => episode.success).length : null;
      const outcome = encodeOutcome(withTraceLines(withModelPaths(message.outcome, waiting.models)));
      waiting.resolve({ stopped: status === "stopped", episodes: episodes.length, successes, outcome, ...(status === "failed" && failure ? { failure } : {}) });
    }
  }
}
