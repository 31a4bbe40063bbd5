import { createRequire } from "node:module";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
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
  ) {}

  /** Starts the thread and loads the script (its top level runs now, under the same limits); throws with the script's message and line. */
  static async open(js: string, limits: SandboxLimits, print: PrintSink = () => {}): Promise<ScriptSandbox> {
    const sandbox = new ScriptSandbox(js, limits, print);
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

  /** Calls `run(JSON.parse(inputsJson))` with Math.random seeded by `seed`; answers what it returned, through JSON. */
  call(inputsJson: string, seed: RandomSeed): unknown {
    this.loaded();
    const json = this.request({ type: "call", inputs: inputsJson, seed });
    return JSON.parse(json!) as unknown;
  }

  dispose(): void {
    this.thread?.stop();
    this.thread = undefined;
  }

  /** The thread, started and with the script loaded if it was not. */
  private loaded(): void {
    if (this.thread !== undefined) return;
    const thread = new SandboxThread({ js: this.js, limits: this.limits, printLimits: PRINT_LIMITS, quickjsPath });
    const started = thread.answer(undefined, START_TIMEOUT_MS);
    if (started === undefined || !started.ok) {
      thread.stop();
      throw new Error(started ? `the script's sandbox could not start: ${started.message}` : `the script's sandbox did not start within ${START_TIMEOUT_MS / 1000} s`);
    }
    this.thread = thread;
    this.request({ type: "load" });
  }

  private request(message: SandboxRequest): string | undefined {
    const reply = this.thread!.answer(message, this.limits.timeoutMs + STOP_GRACE_MS);
    if (reply === undefined) {
      this.dispose();
      throw new Error(
        `the script ran past its time limit of ${this.limits.timeoutMs} ms (timeoutMs) and was stopped: ` +
          "it was inside one built-in call, which cannot be interrupted, so its sandbox starts afresh",
      );
    }
    if (reply.printed) this.print(reply.printed);
    if (!reply.ok) {
      if (reply.fatal === true) this.dispose();
      throw new Error(reply.message);
    }
    return reply.result;
  }
}

/** One sandbox thread and the shared memory its requests and replies are signalled through. */
class SandboxThread {
  private readonly control = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private replies = 0;

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

  /** Sends `message` (none: waits for the start-up reply) and waits up to `timeoutMs` for the answer; undefined when none came. */
  answer(message: SandboxRequest | undefined, timeoutMs: number): SandboxReply | undefined {
    if (message !== undefined) {
      this.port.postMessage(message);
      Atomics.add(this.control, REQUEST, 1);
      Atomics.notify(this.control, REQUEST);
    }
    const deadline = performance.now() + timeoutMs;
    while (Atomics.load(this.control, REPLY) === this.replies) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) return undefined;
      Atomics.wait(this.control, REPLY, this.replies, remaining);
    }
    this.replies += 1;
    return receiveMessageOnPort(this.port)?.message as SandboxReply | undefined;
  }

  stop(): void {
    void this.worker.terminate();
    this.port.close();
  }
}
