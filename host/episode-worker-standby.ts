/**
 * Episode workers started before their run is known (host/episode-worker.ts waits for its share
 * when it has no workerData). Started first thing in the process, a worker's start-up (WorkerStandby)
 * overlaps with this thread loading the same modules, checking the pipeline and loading its models,
 * while the second core is idle, instead of following it. Only what imports nothing heavy may start
 * them: this file loads node:worker_threads alone.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { WorkerStandby } from "./worker-standby.js";

const standby = new WorkerStandby(new URL("./episode-worker.js", import.meta.url));

/** Starts `count` episode workers now (fewer if some stand by already); a command that ends without running, or plays on fewer threads, is not kept waiting by them. */
export function prestartEpisodeWorkers(count: number): void {
  standby.prestart(count);
}

/** A worker for a run: one standing by, else a fresh one. The caller posts it its share. */
export function takeEpisodeWorker(): { worker: Worker; standing: boolean } {
  return standby.take();
}

/** Ends the workers no run took (a run that plays on fewer threads than were started). */
export function dismissStandbyWorkers(): void {
  standby.dismiss();
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
