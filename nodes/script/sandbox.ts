import { createRequire } from "node:module";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { RunStopped } from "../../runtime/engine/control.js";
import type { MaybePromise } from "../../runtime/maybe-promise.js";
import {
  PRINT_LIMITS,
  QUICKJS_BASE_MB,
  REPLY,
  REQUEST,
  sandboxThreadSource,
  type Printed,
  type RandomSeed,
  type SandboxLimits,
  type SandboxReply,
  type SandboxRequest,
  type SandboxThreadData,
} from "./sandbox-thread.js";

export type { Printed, RandomSeed, SandboxLimits };
export { PRINT_LIMITS };

/** Receives what the script printed during one request (its top level, or one call of `run`), even one that failed. */
export type PrintSink = (printed: Printed) => void;

/** How long a thread may take to start QuickJS: a busy machine can take seconds, and it is not the script's time. */
const START_TIMEOUT_MS = 30_000;
/**
 * Added to `timeoutMs` before the host stops a call itself. Inside, QuickJS interrupts the script at
 * `timeoutMs` between bytecodes and the thread lives on; the host's later deadline catches a call
 * stuck inside one built-in, at the cost of a fresh thread.
 */
export const STOP_GRACE_MS = 50;
/**
 * How long a call waits for its answer blocking its thread; past it, the call answers a promise and
 * waits asynchronously, so the thread's event loop turns: a Stop or a Ctrl+C is read there, and a
 * run stopped meanwhile ends the call at once instead of after its `timeoutMs`.
 */
const BLOCKING_WAIT_MS = 20;
/** How often a wait reads the run's stop word (a host on another thread sets it: BlockingWaits.stopWord). */
const STOP_READ_MS = 50;
const PAGES_PER_MB = 16;

const quickjsPath = createRequire(import.meta.url).resolve("quickjs-emscripten");

/**
 * A script's sandbox: its own QuickJS (WebAssembly) runtime on its own thread, with no file system,
 * network, process, timers, module loader or `Date` (nothing of the host is exposed but Math.random,
 * seeded per call, and console, whose lines go to `print`), a memory that cannot grow past `memoryMB`, and a deadline per call that holds
 * even inside a built-in (sandbox-thread.ts says how). Calls are synchronous: the caller blocks
 * until the thread answers or the deadline passes.
 */
export class ScriptSandbox {
  private thread: SandboxThread | undefined;

  private constructor(
    private readonly js: string,
    private readonly limits: SandboxLimits,
    private readonly print: PrintSink,
    private readonly stopWord: Int32Array | undefined,
  ) {}

  /**
   * Starts the thread and loads the script (its top level runs now, under the same limits); throws with the script's message and line.
   * `stopWord`: the run's (BlockingWaits.stopWord); once it is set, a call waiting on the script ends its thread and throws RunStopped.
   */
  static async open(js: string, limits: SandboxLimits, print: PrintSink = () => {}, stopWord?: Int32Array): Promise<ScriptSandbox> {
    const sandbox = new ScriptSandbox(js, limits, print, stopWord);
    try {
      sandbox.reset();
    } catch (error) {
      sandbox.dispose();
      throw error;
    }
    return sandbox;
  }

  /** A fresh context with the script loaded again: nothing a call left behind survives. */
  reset(): void {
    if (this.thread === undefined) this.loaded();
    else this.request({ type: "load" });
  }

  /**
   * Calls `run(JSON.parse(inputsJson))` with Math.random seeded by `seed`; answers what it returned, through JSON:
   * at once, or a promise when the script took longer than BLOCKING_WAIT_MS.
   */
  call(inputsJson: string, seed: RandomSeed): MaybePromise<unknown> {
    this.loaded();
    const thread = this.thread!;
    thread.post({ type: "call", inputs: inputsJson, seed });
    const deadline = performance.now() + this.limits.timeoutMs + STOP_GRACE_MS;
    const waited = thread.wait(Math.min(deadline, performance.now() + BLOCKING_WAIT_MS), this.stopWord);
    if (waited !== "late" || performance.now() >= deadline) return this.parsed(this.answered(waited, thread));
    return thread.waitLater(deadline, this.stopWord).then((later) => this.parsed(this.answered(later, thread)));
  }

  dispose(): void {
    this.thread?.stop();
    this.thread = undefined;
  }

  /** The thread, started and with the script loaded if it was not. */
  private loaded(): void {
    if (this.thread !== undefined) return;
    const thread = new SandboxThread({ js: this.js, limits: this.limits, printLimits: PRINT_LIMITS, quickjsPath });
    const started = thread.wait(performance.now() + START_TIMEOUT_MS, this.stopWord);
    if (started === "stopped") {
      thread.stop();
      throw new RunStopped();
    }
    if (started === undefined || started === "late" || !started.ok) {
      thread.stop();
      throw new Error(started !== undefined && started !== "late" ? `the script's sandbox could not start: ${started.message}` : `the script's sandbox did not start within ${START_TIMEOUT_MS / 1000} s`);
    }
    this.thread = thread;
    this.request({ type: "load" });
  }

  private request(message: SandboxRequest): string | undefined {
    const thread = this.thread!;
    thread.post(message);
    return this.answered(thread.wait(performance.now() + this.limits.timeoutMs + STOP_GRACE_MS, this.stopWord), thread);
  }

  private parsed(json: string | undefined): unknown {
    return JSON.parse(json!) as unknown;
  }

  /** The result of a request that `waited` for its reply from `thread`; throws what went wrong. */
  private answered(waited: Waited, thread: SandboxThread): string | undefined {
    // Only the thread that failed: one answering late may find a fresh one in its place.
    const dispose = () => {
      if (this.thread === thread) this.dispose();
    };
    if (waited === "stopped") {
      // The script may be in an endless loop: its thread is ended, not waited on.
      dispose();
      throw new RunStopped();
    }
    const reply = waited === "late" ? undefined : waited;
    if (reply === undefined) {
      dispose();
      throw new Error(
        `the script ran past its time limit of ${this.limits.timeoutMs} ms (timeoutMs) and was stopped: ` +
          "it was inside one built-in call, which cannot be interrupted, so its sandbox starts afresh",
      );
    }
    if (reply.printed) this.print(reply.printed);
    if (!reply.ok) {
      if (reply.fatal === true) dispose();
      throw new Error(reply.message);
    }
    return reply.result;
  }
}

/** Atomics.waitAsync (Node 16+), which lib ES2023 does not declare. */
type AtomicsWithWaitAsync = typeof Atomics & {
  waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): { async: false; value: string } | { async: true; value: Promise<string> };
};

/** What a wait on the thread came to: its reply (undefined if it had none to read), its deadline passed, or the run was stopped (or the thread ended). */
type Waited = SandboxReply | undefined | "late" | "stopped";

/** One sandbox thread and the shared memory its requests and replies are signalled through. */
class SandboxThread {
  private readonly control = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private replies = 0;
  private ended = false;

  constructor(start: Pick<SandboxThreadData, "js" | "limits" | "printLimits" | "quickjsPath">) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const pages = { initial: QUICKJS_BASE_MB * PAGES_PER_MB, maximum: (QUICKJS_BASE_MB + start.limits.memoryMB) * PAGES_PER_MB };
    const workerData: SandboxThreadData = { ...start, control: this.control, port: port2, pages };
    this.worker = new Worker(sandboxThreadSource(), { eval: true, workerData, transferList: [port2] });
    // A thread that failed outside its own error handling ends; the host sees no reply and says so.
    this.worker.on("error", () => {});
    // Neither keeps the host alive.
    this.worker.unref();
    this.port.unref();
  }

  post(message: SandboxRequest): void {
    this.port.postMessage(message);
    Atomics.add(this.control, REQUEST, 1);
    Atomics.notify(this.control, REQUEST);
  }

  /** Blocks until the reply, `deadline` (performance.now()) or the stop word, reading it every STOP_READ_MS. */
  wait(deadline: number, stopWord: Int32Array | undefined): Waited {
    for (;;) {
      const now = this.waitedFor(deadline, stopWord);
      if (now !== undefined) return now;
      Atomics.wait(this.control, REPLY, this.replies, this.slice(deadline, stopWord));
    }
  }

  /** As `wait`, without blocking the thread; a timer holds the event loop meanwhile (Atomics.waitAsync alone does not). */
  async waitLater(deadline: number, stopWord: Int32Array | undefined): Promise<Waited> {
    for (;;) {
      const now = this.waitedFor(deadline, stopWord);
      if (now !== undefined) return now;
      const slice = this.slice(deadline, stopWord);
      const waiting = (Atomics as AtomicsWithWaitAsync).waitAsync(this.control, REPLY, this.replies, slice);
      if (!waiting.async) continue;
      const held = setTimeout(() => {}, slice + 1);
      await waiting.value;
      clearTimeout(held);
    }
  }

  /** What the wait came to, or undefined while it goes on. */
  private waitedFor(deadline: number, stopWord: Int32Array | undefined): Waited | undefined {
    if (this.ended || (stopWord !== undefined && Atomics.load(stopWord, 0) === 1)) return "stopped";
    if (Atomics.load(this.control, REPLY) !== this.replies) {
      this.replies += 1;
      return receiveMessageOnPort(this.port)?.message as SandboxReply | undefined;
    }
    return performance.now() >= deadline ? "late" : undefined;
  }

  private slice(deadline: number, stopWord: Int32Array | undefined): number {
    const remaining = Math.max(0, deadline - performance.now());
    return stopWord === undefined ? remaining : Math.min(remaining, STOP_READ_MS);
  }

  stop(): void {
    this.ended = true;
    void this.worker.terminate();
    this.port.close();
  }
}
