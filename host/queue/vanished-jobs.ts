import type { Redis } from "ioredis";
import { batchLabel, batchOfJobId } from "./names.js";

/** BullMQ's errors about one job that may mean it is gone: its lock not renewed, its job not completed, failed or retried. */
const JOB_ERROR = /^(?:Missing key for job|Missing lock for job|could not renew lock for job) (\S+?)(?:\. .*)?$/;

/** How long a batch told of is remembered: BullMQ's errors about it come within seconds. */
const FORGET_MS = 60_000;

/**
 * Tells, once a batch and in our words, that a batch's job vanished from Redis (a restart without
 * persistence, a flush), in place of BullMQ's lines about it: each held job of such a worker
 * otherwise says "could not renew lock", "Missing key … moveToFinished" and "… moveToDelayed".
 */
export class VanishedJobs {
  private readonly told = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly jobKey: (jobId: string) => string,
    private readonly log: (line: string) => void,
  ) {}

  /** Whether the job is gone from Redis; a Redis that cannot answer now (said apart, as lost) counts as not gone. */
  async gone(jobId: string): Promise<boolean> {
    return (await this.redis.exists(this.jobKey(jobId)).catch(() => 1)) === 0;
  }

  /** Says that `jobId`'s job vanished, with what became of its batch (", dropped after …"), unless said already. */
  tell(jobId: string, what = ""): void {
    if (this.told.has(jobId)) return;
    this.told.add(jobId);
    setTimeout(() => this.told.delete(jobId), FORGET_MS).unref();
    const batch = batchOfJobId(jobId);
    this.log(`${batch ? batchLabel(batch) : `job ${jobId}`}: its job vanished from Redis (restarted without persistence?)${what}`);
  }

  /** Takes BullMQ's error if it is about one job (answers whether it was): told once if the job is gone, as BullMQ says it if not. */
  heard(error: Error): boolean {
    const jobId = JOB_ERROR.exec(error.message)?.[1];
    if (jobId === undefined) return false;
    if (this.told.has(jobId)) return true;
    void this.gone(jobId).then((gone) => (gone ? this.tell(jobId) : this.log(`queue error: ${error.message}`)));
    return true;
  }
}
