import type { JsonValue } from "../../../runtime/environment.js";
import { ExternalEnvironmentError, type EnvProcess, type Request } from "./env-process.js";

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
 * environments one process hosts, gathered over one turn of the event loop and sent as one batch
 * line: K lanes' steps cost one round trip, not K. The lanes are released together from their barrier and reach
 * their executors in the same turn (after their model calls, which meet the same way), so a flush
 * on setImmediate — after every microtask — finds them all queued.
 *
 * A batch fails as a whole when the line does (a crash, a timeout, a malformed reply): every lane in
 * it gets the reason under its own step's name. A refused step (the environment raised) fails only
 * its own lane.
 */
export class LaneBatch {
  private queued: QueuedStep[] = [];
  private scheduled = false;

  constructor(private readonly process: EnvProcess) {}

  /** Queues a lane's requests; resolves with the reply to the last one (the step or reset). */
  enqueue(requests: Request[], during: string): Promise<Record<string, JsonValue>> {
    return new Promise((resolve, reject) => {
      this.queued.push({ requests, during, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const batch = this.queued;
    this.queued = [];
    const requests = batch.flatMap((step) => step.requests);
    const during = `a batch of ${batch.length} lockstep lanes' steps`;
    let replies;
    try {
      replies = this.process.exchangeBatch(requests, during);
    } catch (error) {
      for (const step of batch) step.reject(this.laneError(error, step.during, batch.length));
      return;
    }
    let at = 0;
    for (const step of batch) {
      try {
        let last: Record<string, JsonValue> = {};
        for (const request of step.requests) last = this.process.accept(replies[at++]!, request, step.during);
        step.resolve(last);
      } catch (error) {
        step.reject(error);
      }
    }
  };

  /** The batch's failure under one lane's step. */
  private laneError(error: unknown, during: string, lanes: number): unknown {
    if (!(error instanceof ExternalEnvironmentError)) return error;
    const shared = lanes > 1 ? ` (sent in one line with ${lanes - 1} other lanes' requests, which failed with it)` : "";
    return this.process.fail(`${during}${shared}`, error.reason);
  }
}
