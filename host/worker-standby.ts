import { Worker } from "node:worker_threads";

/**
 * Worker threads of one entry file, started before the work they will do is known: a worker's
 * start-up is mostly loading its ~450 modules (≈ 0.3 s of CPU, 0.4–0.5 s wall), which a worker
 * started ahead has done, or is doing, by the time it is taken. Workers standing by are unref'd:
 * they never hold the process open. The entry must wait for its first message before doing anything.
 * Only node:worker_threads is imported here, so what loads this early loads nothing heavy.
 */
export class WorkerStandby {
  /** Started workers nothing has taken yet; one that failed while loading is dropped (a fresh one reports why). */
  private readonly standing = new Set<Worker>();

  constructor(private readonly file: URL) {}

  /** Workers standing by. */
  get size(): number {
    return this.standing.size;
  }

  /** Starts workers until `count` stand by. */
  prestart(count = 1): void {
    for (let i = this.standing.size; i < count; i++) {
      const worker = new Worker(this.file);
      worker.unref();
      const drop = () => this.standing.delete(worker);
      worker.once("error", drop);
      worker.once("exit", drop);
      this.standing.add(worker);
    }
  }

  /** A worker standing by (its modules loaded or loading), else a fresh one; it holds the process open like any other worker. */
  take(): { worker: Worker; standing: boolean } {
    const [worker] = this.standing;
    if (!worker) return { worker: new Worker(this.file), standing: false };
    this.standing.delete(worker);
    worker.removeAllListeners("error").removeAllListeners("exit");
    worker.ref();
    return { worker, standing: true };
  }

  /** Ends the workers nothing took. */
  dismiss(): void {
    for (const worker of this.standing) void worker.terminate();
    this.standing.clear();
  }
}
