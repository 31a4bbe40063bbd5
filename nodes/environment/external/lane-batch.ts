import type { JsonValue } from "../../../runtime/environment.js";
import { stepReplies, stepsRequest } from "./columns.js";
import { ExternalEnvironmentError, type EnvProcess, type LineInFlight, type Request } from "./env-process.js";
import type { Reply } from "./wire.js";

/** One lane's step or reset waiting for the batch: its requests (a release of its copies, then the step or reset) and what to do with the replies. */
interface QueuedStep {
  requests: Request[];
  /** Names the lane's step in errors, e.g. "step 12 of the episode reset with seed 7": made only when there is one. */
  during: () => string;
  /** Turns the reply to the last request (the step or reset) into what the lane gets; throws when it breaks the protocol. */
  take: (reply: Record<string, JsonValue>) => unknown;
  resolve: (taken: unknown) => void;
  reject: (error: unknown) => void;
}

/** A line written to a process: whose requests it carries, where each lane's replies are, and its replies to come. */
interface Line {
  process: EnvProcess;
  steps: QueuedStep[];
  /** Per lane, per request: the reply's index in the line, or (a step sent in columns) ~its row in the `steps` reply. */
  at: number[][];
  /** The index of the `steps` request in the line and how many steps it carries; undefined when the steps went one request each. */
  columns: { at: number; count: number } | undefined;
  inFlight: LineInFlight;
}

/**
 * The steps (and resets) that lockstep lanes (runtime/engine/lockstep.ts) ask of the live
 * environments their processes host, gathered over one turn of the event loop and sent as one batch
 * line per process and lane group: K lanes' steps cost one round trip, not K. The lanes of a group
 * are released together from their barrier and reach their executors in the same turn (after their
 * model calls, which meet the same way), so a pump on setImmediate — after every microtask — finds
 * them all queued. A process that declares `columns` gets the steps as one `steps` request
 * (columns.ts).
 *
 * The pump does not wait for a line's reply where it can do something else: it writes the queued
 * lines, hands the lanes every reply that has already been read (writing to a process first reads
 * the reply to its line in flight, env-process.ts), and blocks reading the oldest line only when
 * nothing was queued. With two lane groups (lockstep.ts) that overlaps this thread and the process:
 * while the process steps one group's line, the other group's lanes compute their next steps. With
 * lanes spread over several processes every process's line is written before any reply is read, so
 * the processes step at once.
 *
 * A process's batch fails as a whole when its line does (a crash, a timeout, a malformed reply):
 * every lane in it gets the reason under its own step's name. A refused step (the environment
 * raised) fails only its own lane.
 */
export class LaneBatch {
  private queued = new Map<number, Map<EnvProcess, QueuedStep[]>>();
  /** Lines written whose lanes have not been answered yet, oldest first. */
  private written: Line[] = [];
  private scheduled = false;
  /** Queues of resets that already waited a turn for steps to join them. */
  private readonly held = new WeakSet<QueuedStep[]>();

  /**
   * Queues a lane's requests to its process; resolves with what `take` makes of the reply to the last
   * one (the step or reset) — taken as the line is answered, without a promise more per lane.
   */
  enqueue<T>(process: EnvProcess, group: number, requests: Request[], during: () => string, take: (reply: Record<string, JsonValue>) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const step: QueuedStep = { requests, during, take, resolve: resolve as (taken: unknown) => void, reject };
      let byProcess = this.queued.get(group);
      if (!byProcess) this.queued.set(group, (byProcess = new Map()));
      const queued = byProcess.get(process);
      if (queued) queued.push(step);
      else byProcess.set(process, [step]);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.pump);
  }

  private readonly pump = (): void => {
    this.scheduled = false;
    let held = 0;
    let wrote = 0;
    for (const [group, byProcess] of this.queued) {
      for (const [process, steps] of byProcess) {
        // Resets alone wait one more turn for their group's steps (the other lanes go on without a lane that begins an episode, lockstep.ts): one line for both.
        if (!this.held.has(steps) && steps.every((step) => step.requests.at(-1)!.op === "reset")) {
          this.held.add(steps);
          held++;
          continue;
        }
        byProcess.delete(process);
        this.held.delete(steps);
        this.write(process, steps);
        wrote++;
      }
      if (byProcess.size === 0) this.queued.delete(group);
    }
    let answered = 0;
    for (const line of [...this.written]) {
      if (!line.inFlight.answered) continue;
      this.answer(line);
      answered++;
    }
    // Nothing to send and nobody answered: this thread has nothing to do but wait for the oldest line.
    if (wrote === 0 && held === 0 && answered === 0 && this.written.length > 0) this.answer(this.written[0]!);
    if (this.written.length > 0 || held > 0) this.schedule();
  };

  /** Writes a process's queued requests as one line (its steps in columns where the process takes them). */
  private write(process: EnvProcess, steps: QueuedStep[]): void {
    const useColumns = process.declaration.capabilities.has("columns");
    const requests: Request[] = [];
    const columned: Request[] = [];
    const at = steps.map((step) =>
      step.requests.map((request) => {
        if (useColumns && request.op === "step") return ~(columned.push(request) - 1);
        return requests.push(request) - 1;
      }),
    );
    const columns = columned.length > 0 ? { at: requests.push(stepsRequest(columned)) - 1, count: columned.length } : undefined;
    try {
      const inFlight = process.sendBatch(requests, `a batch of ${steps.length} lockstep lanes' requests`);
      this.written.push({ process, steps, at, columns, inFlight });
    } catch (error) {
      this.failAll(process, steps, error);
    }
  }

  /** Hands a line's replies to its lanes (reading them first if need be). */
  private answer(line: Line): void {
    this.written.splice(this.written.indexOf(line), 1);
    const { process, steps, at, columns } = line;
    let replies: Reply[];
    let rows: Reply[] = [];
    try {
      replies = line.inFlight.replies();
      const reply = columns && replies[columns.at]!;
      if (columns && reply) rows = process.read(() => stepReplies(reply, columns.count, process.declaration.observationSpace), `a batch of ${steps.length} lockstep lanes' requests`);
    } catch (error) {
      this.failAll(process, steps, error);
      return;
    }
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s]!;
      try {
        let last: Record<string, JsonValue> = {};
        for (let r = 0; r < step.requests.length; r++) {
          const i = at[s]![r]!;
          last = process.accept(i >= 0 ? replies[i]! : rows[~i]!, step.requests[r]!, step.during);
        }
        step.resolve(step.take(last));
      } catch (error) {
        step.reject(error);
      }
    }
  }

  /**
   * The batch's failure, under each lane's own step and naming the others': the process failed the
   * line as a whole (a hang, a crash), so which request it was at cannot be told from here — the
   * first lane the run reports is not the culprit more than any other (the stack dump, where there is
   * one, says where the process was).
   */
  private failAll(process: EnvProcess, steps: readonly QueuedStep[], error: unknown): void {
    if (!(error instanceof ExternalEnvironmentError)) {
      for (const step of steps) step.reject(error);
      return;
    }
    const names = steps.map((step) => step.during());
    steps.forEach((step, i) => {
      const others = names.filter((_, j) => j !== i);
      const shared = others.length > 0 ? ` (sent in one line with ${others.length} other lanes' requests — ${listed(others)} —, which failed with it: the failure is the line's, not necessarily this request's)` : "";
      step.reject(process.fail(`${names[i]}${shared}`, error.reason));
    });
  }
}

/** The first few of `items`, and how many more. */
function listed(items: readonly string[], shown = 3): string {
  const more = items.length - shown;
  return items.slice(0, shown).join("; ") + (more > 0 ? `; and ${more} more` : "");
}
