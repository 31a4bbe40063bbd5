import type { JsonValue } from "../../../runtime/environment.js";
import { ChannelError, ProcessChannel, type Endpoint } from "./process-channel.js";
import { parseBatchReply, parseDeclaration, parseReply, type EnvironmentDeclaration, type Reply } from "./wire.js";

/** How to start an environment process and how long to wait for it. */
export interface ProcessSpec {
  /** Names the environment in every message, e.g. `gymnasium environment "CartPole-v1"`. */
  label: string;
  /** A process to start, or a remote environment's WebSocket address. */
  launch: Endpoint;
  /** Longest wait for one reply. */
  timeoutMs: number;
  /** Longest wait for the process to start and declare its spaces (imports can be slow). */
  startTimeoutMs: number;
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

/** How long a closing process may take to exit before it is killed. */
const CLOSE_GRACE_MS = 2000;

/**
 * One environment process: started on demand, restarted after it failed (the next episode gets a
 * fresh one), closed with the run. Every failure becomes an ExternalEnvironmentError that names
 * the environment, what was asked (`during`: e.g. "step 12 of the episode reset with seed 7"), the
 * reason, and the end of the process's stderr.
 */
export class EnvProcess {
  private channel: ProcessChannel | undefined;
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
    this.channel?.close(undefined, 0);
    const declared = this.start();
    if (JSON.stringify(declared) !== JSON.stringify(this.declaration) || declared.capabilities.size !== this.declaration.capabilities.size) {
      this.close();
      throw new ExternalEnvironmentError(`${this.spec.label}: the restarted process declares other spaces or capabilities than the first one`);
    }
  }

  /** Sends one request and returns the reply's fields; throws an ExternalEnvironmentError. */
  call(request: Request, during: string): Record<string, JsonValue> {
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
    return this.sendBatch(requests, during)();
  }

  /**
   * Writes a batch line and returns, without waiting, the function that reads its replies (and
   * throws as exchangeBatch does): lanes spread over several processes write to all of them first,
   * so the processes work at once.
   */
  sendBatch(requests: readonly Request[], during: string): () => Reply[] {
    const ids = requests.map(() => this.nextId++);
    const line = JSON.stringify(requests.map((request, i) => ({ id: ids[i]!, ...request })));
    const channel = this.openChannel(during);
    this.roundTrips++;
    this.guarded(channel, during, () => channel.send(line, this.spec.timeoutMs));
    return () => {
      const reply = this.guarded(channel, during, () => channel.receive());
      return this.read(() => parseBatchReply(reply, ids), during);
    };
  }

  /** Asks the process to close, then makes sure it is gone. */
  close(): void {
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
    this.generation++;
    const during = "starting";
    try {
      this.channel = new ProcessChannel(this.spec.launch, this.spec.startTimeoutMs);
    } catch (error) {
      throw this.fail(during, `${this.commandText()} ${(error as Error).message}`);
    }
    const id = this.nextId++;
    const line = this.exchange(JSON.stringify({ id, op: "spaces", protocol: 1 }), "declaring its spaces", this.spec.startTimeoutMs);
    const reply = this.read(() => parseReply(line, id), "declaring its spaces");
    const body = this.accept(reply, { op: "spaces" }, "declaring its spaces");
    try {
      return parseDeclaration(body);
    } catch (error) {
      const failure = this.fail("declaring its spaces", (error as Error).message);
      this.close();
      throw failure;
    }
  }

  private exchange(line: string, during: string, timeoutMs = this.spec.timeoutMs): string {
    const channel = this.openChannel(during);
    this.roundTrips++;
    return this.guarded(channel, during, () => channel.request(line, timeoutMs));
  }

  private openChannel(during: string): ProcessChannel {
    if (!this.channel) throw this.fail(during, `${this.subject} was closed`);
    return this.channel;
  }

  /** Runs a channel operation; a ChannelError (crash, timeout) closes the channel and becomes an error naming the request. */
  private guarded<T>(channel: ProcessChannel, during: string, operation: () => T): T {
    try {
      return operation();
    } catch (error) {
      if (!(error instanceof ChannelError)) throw error;
      const failure = this.fail(during, `${this.subject} ${error.message}`, true);
      channel.close(undefined, 0);
      this.channel = undefined;
      throw failure;
    }
  }

  /** Parses a reply line; a malformed one means the process is out of step, so it is killed. */
  private read<T>(parse: () => T, during: string): T {
    try {
      return parse();
    } catch (error) {
      const failure = this.fail(during, `${this.subject} ${(error as Error).message}; ${"url" in this.spec.launch ? "the connection was closed" : "the process was killed"}`, true);
      this.channel?.close(undefined, 0);
      this.channel = undefined;
      throw failure;
    }
  }

  /** A reply's fields, or the refusal as an error naming the request. */
  accept(reply: Reply, request: Request, during: string): Record<string, JsonValue> {
    if (reply.ok) return reply.body;
    throw this.fail(during, `${request.op} was refused (${reply.kind}): ${reply.error}`);
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
