import { writeFileAtomic } from "../../runtime/atomic-file.js";
import { runFile } from "../../runtime/run-folder.js";
import type { BatchOutcome } from "./batch-job.js";

/** One batch of a queued run as workers.json records it: its episodes, who played it, on which providers. */
export interface BatchPlayedBy {
  first: number;
  last: number;
  worker: string;
  /** The inference providers its models ran on (cpu, cuda, …): a worker on a GPU is told apart. */
  providers: string[];
}

/** workers.json: a queued run's batches by worker, so a suspicious batch can be traced to its machine. */
export interface WorkersFile {
  workers: { worker: string; batches: number; episodes: number; providers: string[] }[];
  batches: BatchPlayedBy[];
}

/** Who played which batch of a queued run, kept as batches are taken in and written to the run folder at its end. */
export class PlayedBy {
  private readonly batches: BatchPlayedBy[] = [];

  take(outcome: Pick<BatchOutcome, "first" | "last" | "worker" | "result">): void {
    this.batches.push({ first: outcome.first, last: outcome.last, worker: outcome.worker, providers: [...new Set(outcome.result.models.map((use) => use.provider))].sort() });
  }

  /** Writes workers.json (atomically) into the run folder; nothing when no batch came back. */
  write(runDir: string): void {
    if (this.batches.length === 0) return;
    const batches = [...this.batches].sort((a, b) => a.first - b.first);
    const byWorker = new Map<string, WorkersFile["workers"][number]>();
    for (const batch of batches) {
      const entry = byWorker.get(batch.worker) ?? { worker: batch.worker, batches: 0, episodes: 0, providers: [] };
      entry.batches++;
      entry.episodes += batch.last - batch.first + 1;
      entry.providers = [...new Set([...entry.providers, ...batch.providers])].sort();
      byWorker.set(batch.worker, entry);
    }
    const file: WorkersFile = { workers: [...byWorker.values()], batches };
    writeFileAtomic(runFile(runDir, "workers"), `${JSON.stringify(file, null, 2)}\n`);
  }
}
