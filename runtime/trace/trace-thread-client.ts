import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { RunEvent } from "../engine/events.js";
import { EventPacker } from "./packed-events.js";
import { DONE, FAILED, READY, STATE_BYTES, type SpentArrays, type ToTraceThread, type WriteFailure } from "./trace-thread-protocol.js";

/** The writer thread's code; only the build has it as JavaScript (tests run on the sources write in-thread). */
const THREAD_FILE = new URL("./trace-thread.js", import.meta.url);

/** Whether this build can start the writer thread. */
export const canWriteOffThread = existsSync(fileURLToPath(THREAD_FILE));

/** Post the packed events at an episode end once this long has passed since the last post (the writer works while the run goes on)… */
const POST_INTERVAL_MS = 40;
/** …or once a batch fills this much of its arrays. */
const POST_FILL = 0.9;
/** How long a wait may see no batch written before the thread counts as gone (its exit is an event this waiting thread cannot receive). */
const STALLED_MS = 30_000;
/** Batches in flight before the run's thread waits for the writer (a writer that falls behind must not grow memory without end). */
const MAX_IN_FLIGHT = 32;

/** The process's writer thread, started by the first trace long enough to want it and kept (unref'd) for the next. */
let shared: Worker | undefined;
let files = 0;

/** Whether the process's writer thread is running: a trace handed to it from its first event pays no start. */
export function writerThreadRunning(): boolean {
  return shared !== undefined;
}

function writerThread(): Worker {
  if (shared) return shared;
  const worker = new Worker(THREAD_FILE);
  worker.unref();
  // A thread that failed is not handed to the next trace (one waiting on it notices by its counters).
  const forget = () => {
    if (shared === worker) shared = undefined;
  };
  worker.on("error", forget);
  worker.on("exit", forget);
  return (shared = worker);
}

/**
 * A trace.jsonl written by the process's writer thread: the run's thread packs each event (packed-events.ts)
 * and posts batches; `flush` waits (Atomics.wait) until the thread has written all posted, so after
 * a pause, the run's end or `close` the file holds every event emitted, as with the in-thread writer.
 */
export class TraceThread {
  private readonly worker = writerThread();
  private readonly file = files++;
  private readonly shared = new Int32Array(new SharedArrayBuffer(STATE_BYTES));
  private readonly errors: MessageChannel["port1"];
  /** Batches' arrays the thread has written out, to pack into again (read when a batch is posted). */
  private readonly spent: MessageChannel["port1"];
  private readonly packer = new EventPacker();
  private posted = 0;
  private failure: NodeJS.ErrnoException | undefined;
  private lastPost = performance.now();

  constructor(fd: number) {
    const errors = new MessageChannel();
    const spent = new MessageChannel();
    this.errors = errors.port1;
    this.spent = spent.port1;
    this.errors.unref();
    this.spent.unref();
    const open: ToTraceThread = { type: "open", file: this.file, fd, state: this.shared.buffer as SharedArrayBuffer, errors: errors.port2, spent: spent.port2 };
    this.worker.postMessage(open, [errors.port2, spent.port2]);
  }

  readonly write = (event: RunEvent): void => {
    this.packer.pack(event);
    const type = event.type;
    if (type === "run.end" || type === "node.error") this.flush();
    else if (this.packer.fill >= POST_FILL || (type === "episode.end" && performance.now() - this.lastPost >= POST_INTERVAL_MS)) this.post();
  };

  /**
   * Appends whole lines encoded elsewhere, after the events written so far. A copy goes to the thread:
   * the bytes may be a view into a buffer that holds more (a queued batch's payload, beside its
   * files), which transferring would detach. (`slice` would not do: on a Buffer it makes a view.)
   */
  writeLines(bytes: Uint8Array): void {
    this.post();
    this.send({ type: "lines", file: this.file, bytes: new Uint8Array(bytes) }, []);
  }

  /** Returns once the thread has written every event so far; throws, naming the file's thread, when a write failed. */
  flush(): void {
    this.post();
    this.waitFor(this.posted);
  }

  /** Flushes; the thread forgets the file. */
  close(): void {
    try {
      this.flush();
    } finally {
      this.worker.postMessage({ type: "close", file: this.file } satisfies ToTraceThread);
      this.errors.close();
      this.spent.close();
    }
  }

  private post(): void {
    // One atomic load: a full disk stops the run at its next batch, not once the writer is 32 behind.
    this.throwIfFailed();
    this.lastPost = performance.now();
    if (this.packer.count === 0) return;
    const batch = this.packer.take(receiveMessageOnPort(this.spent)?.message as SpentArrays | undefined);
    this.send({ type: "events", file: this.file, batch }, [batch.tags.buffer, batch.numbers.buffer]);
  }

  private send(message: ToTraceThread, transfer: ArrayBuffer[]): void {
    if (message.type === "lines") transfer.push(message.bytes.buffer as ArrayBuffer);
    this.worker.postMessage(message, transfer);
    this.posted++;
    if (this.posted - Atomics.load(this.shared, DONE) > MAX_IN_FLIGHT) this.waitFor(this.posted - MAX_IN_FLIGHT / 2);
  }

  private waitFor(done: number): void {
    let last = Atomics.load(this.shared, DONE);
    let since = performance.now();
    for (;;) {
      this.throwIfFailed();
      const now = Atomics.load(this.shared, DONE);
      if (now >= done) return;
      if (now !== last) {
        last = now;
        since = performance.now();
      } else if (performance.now() - since > STALLED_MS) {
        const state = Atomics.load(this.shared, READY) === 0 ? "never took the file" : `wrote no batch for ${STALLED_MS / 1000} s`;
        throw new Error(`the trace's writer thread ${state}; trace.jsonl lacks the events after its ${now} batches`);
      }
      Atomics.wait(this.shared, DONE, now, 1000);
    }
  }

  /** Throws the thread's write error, with Node's code; the same one each time (its port holds it only once). */
  private throwIfFailed(): void {
    if (Atomics.load(this.shared, FAILED) === 0) return;
    if (!this.failure) {
      const sent = receiveMessageOnPort(this.errors)?.message as WriteFailure | undefined;
      this.failure = Object.assign(new Error(sent?.message ?? "the trace's writer thread failed"), { code: sent?.code });
    }
    throw this.failure;
  }
}
