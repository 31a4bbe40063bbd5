import type { JsonValue } from "../../../runtime/environment.js";
import { ExternalEnvironmentError, type EnvProcess, type Request } from "./env-process.js";
import type { Reply } from "./wire.js";

/** One lane's step or reset waiting for the batch: its requests (a release of its copies, then the step or reset) and what to do with the replies. */
interface QueuedStep {
  requests: Request[];
  /** Names the lane's step in errors, e.g. "step 12 of the episode reset with seed 7". */
  during: string;
  resolve: (reply: Record<string, JsonValue>) => void;
  reject: (error: unknown) => void;
}

/**
 * The steps (and resets) that lockstep lanes (runtime/engine/lockstep.ts) ask of the live
 * environments their processes host, gathered over one turn of the event loop and sent as one batch
 * line per process: K lanes' steps cost one round trip, not K. The lanes are released together from
 * their barrier and reach their executors in the same turn (after their model calls, which meet the
 * same way), so a flush on setImmediate — after every microtask — finds them all queued. With lanes
 * spread over several processes, every process's line is written before any reply is read, so the
 * processes step at once.
 *
 * A process's batch fails as a whole when its line does (a crash, a timeout, a malformed reply):
 * every lane in it gets the reason under its own step's name. A refused step (the environment
 * raised) fails only its own lane.
 */
export class LaneBatch {
  private queued = new Map<EnvProcess, QueuedStep[]>();
  private scheduled = false;

  /** Queues a lane's requests to its process; resolves with the reply to the last one (the step or reset). */
  enqueue(process: EnvProcess, requests: Request[], during: string): Promise<Record<string, JsonValue>> {
    return new Promise((resolve, reject) => {
      const step = { requests, during, resolve, reject };
      const queued = this.queued.get(process);
      if (queued) queued.push(step);
      else this.queued.set(process, [step]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const batches = [...this.queued].map(([process, steps]) => ({ process, steps, finish: undefined as (() => Reply[]) | undefined }));
    this.queued = new Map();
    for (const batch of batches) {
      try {
        batch.finish = batch.process.sendBatch(batch.steps.flatMap((step) => step.requests), `a batch of ${batch.steps.length} lockstep lanes' requests`);
      } catch (error) {
        this.failAll(batch.process, batch.steps, error);
      }
    }
    for (const { process, steps, finish } of batches) {
      if (!finish) continue;
      let replies: Reply[];
      try {
        replies = finish();
      } catch (error) {
        this.failAll(process, steps, error);
        continue;
      }
      let at = 0;
      for (const step of steps) {
        try {
          let last: Record<string, JsonValue> = {};
          for (const request of step.requests) last = process.accept(replies[at++]!, request, step.during);
          step.resolve(last);
        } catch (error) {
          step.reject(error);
        }
      }
    }
  };

  /** The batch's failure, under each lane's own step. */
  private failAll(process: EnvProcess, steps: readonly QueuedStep[], error: unknown): void {
    const others = steps.length > 1 ? ` (sent in one line with ${steps.length - 1} other lanes' requests, which failed with it)` : "";
    for (const step of steps) step.reject(error instanceof ExternalEnvironmentError ? process.fail(`${step.during}${others}`, error.reason) : error);
  }
}
