import { RunStopped, type BlockingWaits } from "../../../runtime/engine/control.js";
import type { JsonValue } from "../../../runtime/environment.js";
import { ChannelError, ProcessChannel, type Endpoint } from "./process-channel.js";
import { hungCheckingCopies } from "./start-check.js";
import { parseBatchReply, parseDeclaration, parseReply, type EnvironmentDeclaration, type Reply } from "./wire.js";

/** How to start an environment process and how long to wait for it. */
export interface ProcessSpec {
  /** Names the environment in every message, e.g. `gymnasium environment "CartPole-v1"`. */
  label: string;
  /** A process to start, or a remote environment's WebSocket or HTTP address. */
  launch: Endpoint;
  /** Longest wait for one reply. */
  timeoutMs: number;
  /** Longest wait for the process to start and declare its spaces (imports can be slow). */
  startTimeoutMs: number;
  /** Why snapshots are off where the launch itself turns them off (the node's snapshot param): said in place of the process's words. */
  snapshotOff?: string;
  /** How to turn foresight_env's start-up check of copies off for this environment: advised when the check hangs (start-check.ts). */
  skipCopyCheck?: string;
  /** The run's, where its thread blocks on the replies (a run's environment): a stop ends the process at once, as Ctrl+C does in a terminal. */
  blockingWaits?: BlockingWaits;
}

/** A request as sent, without its id. */
export type Request = { op: string } & Record<string, JsonValue>;

/** The environment process failed or refused a request; the message names the environment and the step. */
export class ExternalEnvironmentError extends Error {
  constructor(
    message: string,
    /** What went wrong, without the environment and the request (the reason, and the process's stderr): lanes whose steps shared a batch each name their own step with it. */
    readonly reason = message,
  ) {
    super(message);
  }
}

/** The signals that stop a run (cli/stop-signals.ts): one that ended the process was sent to the run's whole process group. */
const STOP_SIGNALS = new Set(["SIGINT", "SIGTERM", "SIGHUP"]);

/** How long a closing process may take to exit before it is killed. */
const CLOSE_GRACE_MS = 2000;

/** What a process is asked first, as errors name it. */
const DECLARING = "declaring its spaces";

/**
 * One environment process: started on demand, restarted after it failed (the next episode gets a
 * fresh one), closed with the run. Every failure becomes an ExternalEnvironmentError that names
 * the environment, what was asked (`during`: e.g. "step 12 of the episode reset with seed 7"), the
 * reason, and the end of the process's stderr.
 */
export class EnvProcess {
  private channel: ProcessChannel | undefined;
  /** Batch lines written whose replies have not been read yet, oldest first. */
  private unread: LineInFlight[] = [];
  /** Why a process was lost (it failed a request), by generation: lines still in flight in it say so. */
  private readonly lost = new Map<number, string>();
  /** Generations whose process a stop signal ended (guarded). */
  private readonly stopped = new Set<number>();
  /** A stop signal ended a process: the run is stopping, so none is started again. */
  private stopSignalled = false;
  private nextId = 1;
  /** Bumped at every (re)start: copies and snapshots of an earlier process are gone. */
  generation = 0;
  /** Lines exchanged (a batch counts once): what batching saves, for benchmarks and tests. */
  roundTrips = 0;
  readonly declaration: EnvironmentDeclaration;

  constructor(readonly spec: ProcessSpec) {
    this.declaration = this.start();
  }

  get processId(): number | undefined {
    return this.channel?.processId;
  }

  /** Restarts the process when the last one failed or was closed. */
  ensureRunning(): void {
    if (this.channel?.alive) return;
    // Ended idle by Ctrl+C (the whole process group gets it): the run is stopping, not this process failing.
    if (STOP_SIGNALS.has(this.channel?.exitSignal ?? "")) this.stopSignalled = true;
    this.channel?.close(undefined, 0);
    const declared = this.start();
    if (JSON.stringify(declared) !== JSON.stringify(this.declaration) || declared.capabilities.size !== this.declaration.capabilities.size) {
      this.close();
      throw new ExternalEnvironmentError(`${this.spec.label}: the restarted process declares other spaces or capabilities than the first one`);
    }
  }

  /** Sends one request and returns the reply's fields; throws an ExternalEnvironmentError. */
  call(request: Request, during: string): Record<string, JsonValue> {
    this.settle();
    const id = this.nextId++;
    const line = this.exchange(JSON.stringify({ id, ...request }), during);
    const reply = this.read(() => parseReply(line, id), during);
    return this.accept(reply, request, during);
  }

  /** Sends requests as one batch line (one round trip) and returns each reply's fields in order. */
  callBatch(requests: readonly Request[], during: string): Record<string, JsonValue>[] {
    return this.exchangeBatch(requests, during).map((reply, i) => this.accept(reply, requests[i]!, during));
  }

  /**
   * Sends requests as one batch line and returns the replies as they came, refusals included: the
   * lanes whose steps share a batch each take their own (`accept`). Throws when the line as a whole
   * fails (a crash, a timeout, a malformed reply).
   */
  exchangeBatch(requests: readonly Request[], during: string): Reply[] {
    return this.sendBatch(requests, during).replies();
  }

  /**
   * Writes a batch line and returns, without waiting, its reply to come: lanes spread over several
   * processes write to all of them first, so the processes work at once, and lockstep lane groups
   * compute while their process answers another group's line (lane-batch.ts). One line is in flight
   * at a time: anything sent later first reads the reply to it (`settle`), which the line keeps.
   */
  sendBatch(requests: readonly Request[], during: string): LineInFlight {
    if (!this.channel?.pipelined) this.settle();
    const ids = requests.map(() => this.nextId++);
    const line = JSON.stringify(requests.map((request, i) => ({ id: ids[i]!, ...request })));
    const channel = this.openChannel(during);
    this.roundTrips++;
    const generation = this.generation;
    this.guarded(channel, during, () => this.sendAfterEarlier(channel, line, during, generation));
    const inFlight: LineInFlight = new LineInFlight(() => {
      this.readBefore(inFlight);
      // An earlier line's failure closed the channel: this reply will never come.
      if (this.channel !== channel) throw this.gone(during, generation);
      const reply = this.guarded(channel, during, () => channel.receive());
      return this.read(() => parseBatchReply(reply, ids), during);
    });
    this.unread.push(inFlight);
    return inFlight;
  }

  /**
   * Sends a line; where the process died before reading it, the lines sent before it (still in
   * flight) read first, so the earliest line is the one that says why the process is gone and this
   * one refers to it, not the other way round.
   */
  private sendAfterEarlier(channel: ProcessChannel, line: string, during: string, generation: number): void {
    try {
      channel.send(line, this.spec.timeoutMs);
    } catch (error) {
      if (error instanceof ChannelError && error.reason === "exited" && this.unread.length > 0) {
        this.settle();
        if (this.channel !== channel) throw this.gone(during, generation);
      }
      throw error;
    }
  }

  /** Reads the replies to the lines still in flight, if any, each into its line (before anything else is sent or read). */
  settle(): void {
    this.unread.at(-1)?.take();
  }

  /** Replies come in the order the lines went: reads the ones before `line`, each into its own line, and takes `line` off the list. */
  private readBefore(line: LineInFlight): void {
    const at = this.unread.indexOf(line);
    const earlier = this.unread.splice(0, at + 1);
    earlier.pop();
    for (const before of earlier) before.take();
  }

  /** Asks the process to close, then makes sure it is gone. */
  close(): void {
    this.settle();
    this.channel?.close(JSON.stringify({ id: this.nextId++, op: "close" }), CLOSE_GRACE_MS);
    this.channel = undefined;
  }

  /** An error naming this environment and the request; the process's stderr tail is added when it failed. */
  fail(during: string, why: string, withStderr = false): ExternalEnvironmentError {
    const stderr = withStderr ? this.channel?.stderrTail() : undefined;
    const reason = `${why}${stderr ? `; its stderr ends:\n${stderr}` : ""}`;
    return new ExternalEnvironmentError(`${this.spec.label}: ${during}: ${reason}`, reason);
  }

  private start(): EnvironmentDeclaration {
    // A stop reaches the engine only after this thread's wait (or, in a terminal, after the signal ended the process): no process is started meanwhile.
    if (this.stopSignalled || (this.spec.blockingWaits && Atomics.load(this.spec.blockingWaits.stopWord, 0) === 1)) throw new RunStopped();
    this.lost.delete(this.generation - 1);
    this.stopped.delete(this.generation - 1);
    this.generation++;
    const during = "starting";
    try {
      this.channel = new ProcessChannel(this.spec.launch, this.spec.startTimeoutMs, this.spec.blockingWaits);
    } catch (error) {
      throw this.fail(during, `${this.commandText()} ${(error as Error).message}`);
    }
    const id = this.nextId++;
    const line = this.exchange(JSON.stringify({ id, op: "spaces", protocol: 1 }), DECLARING, this.spec.startTimeoutMs);
    const reply = this.read(() => parseReply(line, id), DECLARING);
    const body = this.accept(reply, { op: "spaces" }, DECLARING);
    try {
      return parseDeclaration(body);
    } catch (error) {
      const failure = this.fail(DECLARING, (error as Error).message);
      this.close();
      throw failure;
    }
  }

  private exchange(line: string, during: string, timeoutMs = this.spec.timeoutMs): string {
    this.settle();
    const channel = this.openChannel(during);
    this.roundTrips++;
    return this.guarded(channel, during, () => channel.request(line, timeoutMs));
  }

  private openChannel(during: string): ProcessChannel {
    if (!this.channel) throw this.gone(during);
    return this.channel;
  }

  private gone(during: string, generation = this.generation): Error {
    if (this.stopped.has(generation)) return new RunStopped();
    const lost = this.lost.get(generation);
    return this.fail(during, lost ? `${this.subject} is gone: it failed an earlier request (${lost})` : `${this.subject} was closed`);
  }

  /**
   * Runs a channel operation; a ChannelError (crash, timeout) closes the channel and becomes an error
   * naming the request — or RunStopped, where a stop signal ended the process mid-run: Ctrl+C in a
   * terminal signals its whole process group, and the process dies before Foresight's own handler can
   * run (this thread blocks on the reply), so the episode it was stepping is the stopped one.
   */
  private guarded<T>(channel: ProcessChannel, during: string, operation: () => T): T {
    try {
      return operation();
    } catch (error) {
      if (!(error instanceof ChannelError)) throw error;
      if (during !== DECLARING && error.reason === "exited" && STOP_SIGNALS.has(error.details.signal ?? "")) {
        channel.close(undefined, 0);
        this.channel = undefined;
        this.stopped.add(this.generation);
        this.stopSignalled = true;
        this.lost.set(this.generation, error.message);
        throw new RunStopped();
      }
      // The spaces come after foresight_env's check of copies: a start that timed out there hung in the environment's reset or step.
      const hung = error.reason === "timeout" && during === DECLARING && channel.checkingCopies;
      const failure = this.fail(during, `${this.subject} ${hung ? hungCheckingCopies(this.spec.startTimeoutMs, this.spec.skipCopyCheck, error.details.stuckAt) : error.message}`, true);
      channel.close(undefined, 0);
      this.channel = undefined;
      this.lost.set(this.generation, error.message);
      throw failure;
    }
  }

  /** Parses a reply (line); a malformed one means the process is out of step, so it is killed. */
  read<T>(parse: () => T, during: string): T {
    try {
      return parse();
    } catch (error) {
      const failure = this.fail(during, `${this.subject} ${(error as Error).message}; ${"url" in this.spec.launch ? "the connection was closed" : "the process was killed"}`, true);
      this.channel?.close(undefined, 0);
      this.channel = undefined;
      this.lost.set(this.generation, (error as Error).message);
      throw failure;
    }
  }

  /** A reply's fields, or the refusal as an error naming the request (`during` made only then, where it is a function). */
  accept(reply: Reply, request: Request, during: string | (() => string)): Record<string, JsonValue> {
    if (reply.ok) return reply.body;
    throw this.fail(typeof during === "string" ? during : during(), `${request.op} was refused (${reply.kind}): ${reply.error}`);
  }

  /** What messages call the other side. */
  private get subject(): string {
    return "url" in this.spec.launch ? "the remote environment" : "the process";
  }

  private commandText(): string {
    if ("url" in this.spec.launch) return this.spec.launch.url;
    const { command, args } = this.spec.launch;
    return [command, ...args].map((part) => (/\s/.test(part) ? JSON.stringify(part) : part)).join(" ");
  }
}

/** A batch line written to a process, and its replies once read (or why they could not be). */
export class LineInFlight {
  private outcome: { replies: Reply[] } | { error: unknown } | undefined;

  constructor(private readonly read: () => Reply[]) {}

  /** Its replies were read (a later request of the process read them first): taking them does not wait. */
  get answered(): boolean {
    return this.outcome !== undefined;
  }

  /** Reads the replies, once; a failure is kept for `replies` to throw. */
  take(): void {
    if (this.outcome) return;
    try {
      this.outcome = { replies: this.read() };
    } catch (error) {
      this.outcome = { error };
    }
  }

  /** The replies, waiting for them if need be; throws when the line as a whole failed (a crash, a timeout, a malformed reply). */
  replies(): Reply[] {
    this.take();
    const outcome = this.outcome!;
    if ("error" in outcome) throw outcome.error;
    return outcome.replies;
  }
}
