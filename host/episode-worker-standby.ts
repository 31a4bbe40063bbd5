/**
 * Episode workers started before their run is known (host/episode-worker.ts waits for its share
 * when it has no workerData). A worker's start-up is mostly loading its ~450 modules (≈ 0.3 s of
 * CPU, 0.4–0.5 s wall); started first thing in the process, that overlaps with this thread loading
 * the same modules, checking the pipeline and loading its models, while the second core is idle,
 * instead of following it. Only what imports nothing heavy may start them: this file loads
 * node:worker_threads alone.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

const WORKER_FILE = new URL("./episode-worker.js", import.meta.url);

/** Started workers no run has taken yet; one that failed while loading is dropped (a run starts a fresh one, which reports why). */
const standby = new Set<Worker>();

/**
 * Starts `count` episode workers now (fewer if some stand by already). They hold the process open
 * only once a run takes them (unref'd until then), so a command that ends without running, or
 * plays on fewer threads, is not kept waiting by them.
 */
export function prestartEpisodeWorkers(count: number): void {
  for (let i = standby.size; i < count; i++) {
    const worker = new Worker(WORKER_FILE);
    worker.unref();
    const drop = () => standby.delete(worker);
    worker.once("error", drop);
    worker.once("exit", drop);
    standby.add(worker);
  }
}

/** A worker for a run: one standing by (its modules loaded or loading), else a fresh one. The caller posts it its share. */
export function takeEpisodeWorker(): { worker: Worker; standing: boolean } {
  const [worker] = standby;
  if (!worker) return { worker: new Worker(WORKER_FILE), standing: false };
  standby.delete(worker);
  worker.removeAllListeners("error").removeAllListeners("exit");
  worker.ref();
  return { worker, standing: true };
}

/** Ends the workers no run took (a run that plays on fewer threads than were started). */
export function dismissStandbyWorkers(): void {
  for (const worker of standby) void worker.terminate();
  standby.clear();
}

/**
 * The episode workers `foresight run …` will use, read from its arguments before the CLI's modules
 * load: `--workers N` / `-w N` / `--workers=N` (at most the cores), less the CLI's own thread; none for a queued or
 * forked run, which play elsewhere or on one thread. The CLI still parses and checks the flags
 * itself; a wrong guess here only starts a worker that is dismissed.
 */
export function workersToPrestart(argv: readonly string[], cores = availableParallelism()): number {
  if (argv[0] !== "run" || argv.some((arg) => arg === "--queue" || arg.startsWith("--queue=") || arg === "--fork" || arg.startsWith("--fork="))) return 0;
  let workers = 1;
  argv.forEach((arg, i) => {
    if (arg === "--workers" || arg === "-w") workers = Number(argv[i + 1]);
    else if (arg.startsWith("--workers=")) workers = Number(arg.slice("--workers=".length));
  });
  // No more than the cores (a run with more starts the rest itself): a flag the CLI refuses (--workers 100000) starts a handful at most.
  return Number.isInteger(workers) && workers > 1 ? Math.min(workers, cores) - 1 : 0;
}
