import { writeSync } from "node:fs";
import { createRequire } from "node:module";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { channelWorkerSource } from "./channel-worker-source.js";
import { httpWorkerSource } from "./http-worker-source.js";
import { ReplyPipe } from "./reply-pipe.js";
import { socketWorkerSource } from "./socket-worker-source.js";
import { askForStacks, hasStackDump, STACK_DUMP_WAIT_MS, stuckAt } from "./stack-dump.js";
import { quotedStderr } from "./quoted-stderr.js";
import { checkingCopies } from "./start-check.js";
import type { BlockingWaits } from "../../../runtime/engine/control.js";

/** How to start the process. */
export interface Launch {
  command: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** The program is foresight_env: it writes its replies into the named pipe $FORESIGHT_REPLY_PIPE names, where there is one (reply-pipe.ts). */
  replyPipe?: true;
  /** Where `command` came from, for the error when it cannot be run; absent: the node's params. */
  commandFrom?: "FORESIGHT_PYTHON" | "default";
}

/** A remote environment: a WebSocket (`python3 -m foresight_env --listen`) or HTTP (`--http`) server speaking the protocol. */
export interface RemoteAddress {
  url: string;
}

/** Where the environment lives: a process to start, or a server to connect to. */
export type Endpoint = Launch | RemoteAddress;

/** The words messages use for an endpoint: a process starts, exits and is killed; a connection opens, closes and is closed. */
interface EndpointWords {
  start: string;
  failedStart: string;
  ended: string;
  killed: string;
}

const PROCESS_WORDS: EndpointWords = { start: "start", failedStart: "could not be started", ended: "exited", killed: "the process was killed" };
const SOCKET_WORDS: EndpointWords = { start: "connect", failedStart: "could not connect", ended: "closed the connection", killed: "the connection was closed" };

/** Why a channel stopped answering; `ProcessChannel.request` throws it. */
export class ChannelError extends Error {
  constructor(
    readonly reason: "exited" | "timeout" | "out-of-step",
    message: string,
    readonly details: {
      /** Where the process was, from its stack dump (stack-dump.ts): `my_env.py:33 in step`. */
      stuckAt?: string | undefined;
      /** The signal that ended the process, when one did. */
      signal?: string | undefined;
    } = {},
  ) {
    super(message);
  }
}

type FromWorker =
  | { type: "spawned"; pid: number; fd: number }
  | { type: "exit"; code?: number | null; signal?: string | null; error?: string }
  | { type: "stderr"; text: string }
  | { type: "line"; line: string }
  | { type: "extra"; line: string };

const SEQ = 0;
const READY = 1;
const LENGTH = 2;
const EXITED = 3;
const WAITING = 4;
const TIMED_OUT = 5;
/** Replies up to this size pass through shared memory; longer ones (large images) through a message. */
const REPLY_BUFFER_BYTES = 1 << 20;
const STDERR_TAIL_CHARS = 4000;
/** A reply this late is a long wait: the host is then sent the run so far (BlockingWaits.waiting), which it would otherwise not see until the reply. */
const LONG_WAIT_MS = 100;
/** The most of the tail an error quotes: less than is kept, so a stderr shorter than that is quoted whole. */
const QUOTED_STDERR_CHARS = 3000;
/** How foresight_env's servers end the close reason (WebSocket) or DELETE answer (HTTP) of a request given up on. */
const REMOTE_STUCK_AT = /stuck at (.+)$/;

/**
 * A child process spoken to one line at a time, synchronously: the environment contract is
 * synchronous, so the caller blocks (Atomics.wait) until the reply line arrives or the time is up.
 * A worker thread owns the process and reads its output (the caller's event loop is blocked while it
 * waits); the caller writes requests straight to the process's stdin, and replies come back through
 * shared memory — each thread hop skipped saves tens of microseconds per step (bench/external-env.ts).
 * For a remote environment the worker holds a WebSocket instead (socket-worker-source.ts), or POSTs
 * each line over HTTP (http-worker-source.ts): requests go to it as messages, replies come back the same way.
 */
export class ProcessChannel {
  private readonly control = new Int32Array(new SharedArrayBuffer(8 * 4));
  private readonly data = new SharedArrayBuffer(REPLY_BUFFER_BYTES);
  /** When the caller stops waiting on the reply pipe, in Date.now() milliseconds (the worker's clock too). */
  private readonly deadline = new Float64Array(new SharedArrayBuffer(8));
  private readonly replies: ReplyPipe | undefined;
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private readonly decoder = new TextDecoder();
  private pid = 0;
  private stdinFd = -1;
  private exit: Extract<FromWorker, { type: "exit" }> | undefined;
  private stderr = "";
  /** How much the process has written to stderr in all. */
  private stderrChars = 0;
  /** The process said it began foresight_env's start-up check of copies (start-check.ts). */
  private checkBegun = false;
  private readonly overflow: string[] = [];
  private extra: string | undefined;
  private started = false;
  private readonly remote: boolean;
  private readonly words: EndpointWords;

  /** Starts the process (or connects); throws a ChannelError when that fails within `timeoutMs`. */
  constructor(
    endpoint: Endpoint,
    timeoutMs: number,
    private readonly blockingWaits?: BlockingWaits,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.remote = "url" in endpoint;
    this.words = this.remote ? SOCKET_WORDS : PROCESS_WORDS;
    const shared = { port: port2, control: this.control, data: this.data };
    this.replies = "url" in endpoint || !endpoint.replyPipe ? undefined : ReplyPipe.open();
    const launch = (l: Launch) => (this.replies ? { ...l, env: { ...l.env, FORESIGHT_REPLY_PIPE: this.replies.path } } : l);
    const http = "url" in endpoint && /^https?:/.test(endpoint.url);
    this.worker = new Worker(http ? httpWorkerSource : this.remote ? socketWorkerSource : channelWorkerSource, {
      eval: true,
      workerData:
        "url" in endpoint
          ? { ...shared, url: endpoint.url, ...(http ? {} : { wsPath: createRequire(import.meta.url).resolve("ws") }) }
          : { ...shared, launch: launch(endpoint), replyPipe: this.replies?.path, deadline: this.deadline, stopWord: blockingWaits?.stopWord },
      transferList: [port2],
      stdout: false,
      stderr: false,
    });
    // Neither keeps the host alive: at exit the process's stdin closes and the process ends itself
    // (a socket closes with the host).
    this.worker.unref();
    this.port.unref();
    if (!this.waitUntil(() => this.started || this.exit !== undefined, performance.now() + timeoutMs)) {
      void this.worker.terminate();
      this.replies?.close();
      throw new ChannelError("timeout", `did not ${this.words.start} within ${timeoutMs} ms`);
    }
    if (!this.started) {
      this.replies?.close();
      throw new ChannelError("exited", `${this.words.failedStart}: ${this.exitText()}`);
    }
  }

  /** The process id, for tests and messages (0 for a remote environment). */
  get processId(): number {
    return this.pid;
  }

  /** The signal that ended the process, once it has ended by one. */
  get exitSignal(): string | undefined {
    this.drain();
    return this.exit?.signal ?? undefined;
  }

  get alive(): boolean {
    this.drain();
    return this.exit === undefined;
  }

  /** The end of what the process wrote to stderr (its tracebacks), for error messages. */
  stderrTail(): string {
    this.drain();
    return quotedStderr(this.stderr, QUOTED_STDERR_CHARS);
  }

  /** Whether the process began foresight_env's start-up check of copies, which runs the environment's reset and step. */
  get checkingCopies(): boolean {
    this.drain();
    return this.checkBegun;
  }

  /** Writes one line and returns the line the process answers; throws a ChannelError when none comes. */
  request(line: string, timeoutMs: number): string {
    this.send(line, timeoutMs);
    return this.receive();
  }

  /** The lines sent whose replies have not been read, oldest first: when each is due, and how long it was given (for the message). */
  private awaiting: { deadline: number; timeoutMs: number }[] = [];
  /** Replies read before they were asked for (a write had to make room in the reply pipe), oldest first. */
  private early: string[] = [];

  /**
   * Several lines may wait for their replies at once (they come in order): with a reply pipe, where
   * nothing stands between the process and the caller. Through the reader thread (stdout, a
   * WebSocket) the caller must take each reply before sending the next line.
   */
  get pipelined(): boolean {
    return this.replies !== undefined;
  }

  /**
   * Writes one line without waiting for its answer; `receive` takes it. Lets the caller write to
   * several processes before waiting on any (lockstep lanes spread over processes step at once),
   * and, where `pipelined`, write another line to a process still answering one.
   */
  send(line: string, timeoutMs: number): void {
    const deadline = performance.now() + timeoutMs;
    this.drain();
    if (this.awaiting.length === 0 && this.early.length === 0) {
      if (Atomics.load(this.control, READY) === 1) this.extra ??= this.takeLine();
      if (this.extra === undefined && this.replies?.hasExtra) this.extra = this.replies.takeExtra();
    }
    if (this.extra !== undefined) throw this.outOfStep();
    this.write(line + "\n", deadline);
    this.awaiting.push({ deadline, timeoutMs });
  }

  /** The line the process answers to the oldest one `send` wrote and nobody took; throws a ChannelError when none comes in time. */
  receive(): string {
    if (this.early.length > 0) return this.early.shift()!;
    const { deadline, timeoutMs } = this.awaiting.shift() ?? { deadline: performance.now(), timeoutMs: 0 };
    if (this.replies) return this.readReplyPipe(this.replies, deadline, timeoutMs);
    const answered = () => Atomics.load(this.control, READY) === 1 || Atomics.load(this.control, EXITED) === 1;
    if (this.blockingWaits && !this.waitUntil(answered, Math.min(deadline, performance.now() + LONG_WAIT_MS))) this.blockingWaits.waiting();
    if (!this.waitUntil(answered, deadline)) {
      this.waitForStacks();
      this.killAndWait();
      throw this.overran(timeoutMs);
    }
    if (Atomics.load(this.control, READY) === 1) return this.takeLine();
    throw this.endedBeforeAnswering();
  }

  /** Asks an overrunning process for its stacks (stack-dump.ts) and waits briefly for them on stderr; a remote server, for where it is stuck. */
  private waitForStacks(): void {
    if (this.remote) {
      this.port.postMessage({ type: "give-up", waitMs: STACK_DUMP_WAIT_MS });
      this.waitUntil(() => Atomics.load(this.control, EXITED) === 1, performance.now() + STACK_DUMP_WAIT_MS + 50);
      return;
    }
    if (Atomics.load(this.control, EXITED) === 1 || !askForStacks(this.pid)) return;
    const before = this.stderrChars;
    const deadline = performance.now() + STACK_DUMP_WAIT_MS;
    // stderr does not wake the wait: look every few milliseconds until the dump has stopped growing.
    let seen = before;
    while (performance.now() < deadline) {
      Atomics.wait(this.control, SEQ, Atomics.load(this.control, SEQ), 10);
      this.drain();
      const since = this.stderrChars - before;
      if (since > 0 && this.stderrChars === seen && hasStackDump(this.stderr.slice(-since))) return;
      seen = this.stderrChars;
    }
  }

  /** The process was killed for overrunning `timeoutMs`; where it was, if its stack dump says. */
  private overran(timeoutMs: number): ChannelError {
    this.drain();
    const where = this.remote ? REMOTE_STUCK_AT.exec(this.exit?.error ?? "")?.[1] : stuckAt(this.stderr);
    return new ChannelError("timeout", `did not answer within ${timeoutMs} ms${where ? `, stuck at ${where}` : ""}; ${this.words.killed}`, { stuckAt: where });
  }

  /** The process ended (a crash prints its stack: where it was, then). */
  private endedBeforeAnswering(): ChannelError {
    this.drain();
    const where = stuckAt(this.stderr);
    return new ChannelError("exited", `${this.words.ended} before answering (${this.exitText()})${where ? ` at ${where}` : ""}`, { stuckAt: where, signal: this.exit?.signal ?? undefined });
  }

  /** Blocks on the reply pipe; the worker kills an overrunning process and wakes the read when the process is gone. */
  private readReplyPipe(replies: ReplyPipe, deadline: number, timeoutMs: number): string {
    this.deadline[0] = Date.now() + Math.max(0, deadline - performance.now());
    Atomics.store(this.control, WAITING, 1);
    let reply: string | undefined;
    try {
      reply = replies.readLine();
    } finally {
      Atomics.store(this.control, WAITING, 0);
    }
    if (reply !== undefined) return reply;
    this.waitUntil(() => Atomics.load(this.control, EXITED) === 1, performance.now() + 1000);
    if (Atomics.load(this.control, TIMED_OUT) === 1) throw this.overran(timeoutMs);
    throw this.endedBeforeAnswering();
  }

  /** Asks the process to end with `goodbye` (when given and alive) and waits up to `graceMs`; then kills it. */
  close(goodbye: string | undefined, graceMs: number): void {
    if (goodbye !== undefined && this.alive) {
      const deadline = performance.now() + graceMs;
      try {
        this.write(goodbye + "\n", deadline);
        this.waitUntil(() => Atomics.load(this.control, EXITED) === 1, deadline);
      } catch {
        // It is going away either way.
      }
    }
    this.killAndWait();
    void this.worker.terminate();
    this.replies?.close();
  }

  /** Kills the process and waits (briefly) until it has been reaped, so a failure leaves nothing behind. */
  private killAndWait(): void {
    this.kill();
    this.waitUntil(() => Atomics.load(this.control, EXITED) === 1, performance.now() + 1000);
  }

  /** Ends the process at once (SIGKILL), or drops the connection. */
  kill(): void {
    if (!this.started || Atomics.load(this.control, EXITED) === 1) return;
    if (this.remote) {
      this.port.postMessage({ type: "kill" });
      return;
    }
    try {
      process.kill(this.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }

  private write(text: string, deadline: number): void {
    if (this.stdinFd < 0) {
      this.port.postMessage({ type: "write", line: text });
      return;
    }
    let buffer = Buffer.from(text);
    while (buffer.length > 0) {
      try {
        buffer = buffer.subarray(writeSync(this.stdinFd, buffer));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EAGAIN" && this.replies && this.awaiting.length > 0) {
          // The process may be blocked writing a large reply nobody reads yet: read it, then go on writing.
          this.early.push(this.readReplyPipe(this.replies, this.awaiting[0]!.deadline, this.awaiting.shift()!.timeoutMs));
          continue;
        }
        if (code === "EAGAIN" && performance.now() < deadline) {
          // The pipe is full (a very large request): give the process a moment to read.
          Atomics.wait(this.control, SEQ, Atomics.load(this.control, SEQ), 1);
          continue;
        }
        if (code === "EAGAIN") {
          this.killAndWait();
          throw new ChannelError("timeout", "did not read its input in time; the process was killed");
        }
        // EPIPE and the like: the process is gone; its exit says why.
        this.waitUntil(() => Atomics.load(this.control, EXITED) === 1, performance.now() + 1000);
        throw new ChannelError("exited", `${this.words.ended} before reading the request (${this.exitText()})`, { signal: this.exit?.signal ?? undefined });
      }
    }
  }

  private takeLine(): string {
    const length = Atomics.load(this.control, LENGTH);
    let line: string;
    if (length >= 0) {
      line = this.decoder.decode(new Uint8Array(this.data).slice(0, length));
    } else {
      this.drain();
      line = this.overflow.shift()!;
    }
    Atomics.store(this.control, READY, 0);
    return line;
  }

  /**
   * Waits until `ready()` holds or the deadline passes (false then). The sequence number is read
   * before checking, so an event between the check and the wait still wakes it.
   */
  private waitUntil(ready: () => boolean, deadline: number): boolean {
    for (;;) {
      const seen = Atomics.load(this.control, SEQ);
      this.drain();
      if (ready()) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(this.control, SEQ, seen, left);
    }
  }

  private drain(): void {
    for (let received = receiveMessageOnPort(this.port); received; received = receiveMessageOnPort(this.port)) {
      const message = received.message as FromWorker;
      switch (message.type) {
        case "spawned":
          this.started = true;
          this.pid = message.pid;
          this.stdinFd = message.fd;
          break;
        case "exit":
          this.exit = message;
          break;
        case "stderr":
          if (!this.checkBegun) this.checkBegun = checkingCopies(this.stderr.slice(-200) + message.text);
          this.stderr = (this.stderr + message.text).slice(-STDERR_TAIL_CHARS);
          this.stderrChars += message.text.length;
          break;
        case "line":
          this.overflow.push(message.line);
          break;
        case "extra":
          this.extra ??= message.line;
          break;
      }
    }
  }

  private outOfStep(): ChannelError {
    this.killAndWait();
    const line = this.extra!.length > 200 ? `${this.extra!.slice(0, 200)}...` : this.extra!;
    return new ChannelError("out-of-step", `wrote a line nobody asked for (${JSON.stringify(line)}); ${this.words.killed}`);
  }

  private exitText(): string {
    const exit = this.exit;
    if (!exit) return "no exit status yet";
    if (exit.error) return exit.error;
    return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  }
}
