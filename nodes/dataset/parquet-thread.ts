import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ColumnType } from "./columns.js";
import { ParquetEncoder } from "./parquet-encoder.js";
import type { FromParquetThread, ToParquetThread } from "./parquet-thread-protocol.js";

/** Where the encoder runs: a worker thread, or the run's own thread (the same messages, handled in turn). */
interface EncoderChannel {
  post(message: ToParquetThread, transfer?: ArrayBuffer[]): void;
  ref(): void;
  unref(): void;
}

/**
 * The thread that encodes Parquet for every collector of the process (parquet-thread-main.ts), so
 * Parquet costs a run's thread almost nothing: the thread reads the JSON Lines files the run
 * writes anyway (a stream without one hands its lines over in batches). It is
 * started by the first collector, so loading the Parquet writer happens while that run's first
 * episodes play, and then kept: a thread per run would start with cold code every time (a fresh
 * JIT encodes several times slower), and runs in a long-lived process (the editor's, a sweep's, a
 * benchmark's) follow one another. It holds the process open only while a request waits.
 * Messages are handled in the order they were sent. A stream whose files fail (a full disk)
 * fails its next call here, naming the file; other streams go on.
 */
export class ParquetThread {
  private readonly channel: EncoderChannel;
  private nextStream = 0;
  private nextRequest = 0;
  private readonly waiting = new Map<number, { resolve(): void; reject(error: Error): void; stream: number | undefined }>();
  private readonly failures = new Map<number, Error>();
  /** Set when the thread itself is gone: every call fails. */
  private crash: Error | undefined;

  /** `inline`: the encoder runs on this thread, between the run's steps (where no core is left for another thread). */
  constructor(inline = false) {
    if (inline) {
      const encoder = new ParquetEncoder((message) => this.receive(message));
      this.channel = { post: (message) => encoder.receive(message), ref() {}, unref() {} };
      return;
    }
    const worker = new Worker(threadFile());
    worker.on("message", (message: FromParquetThread) => this.receive(message));
    worker.on("error", (error) => this.crashed(new Error(`the Parquet thread crashed: ${error.message}`)));
    worker.once("exit", () => this.crashed(new Error("the Parquet thread ended before its files were written")));
    // After the listeners: a 'message' listener refs the thread again; it holds the process only while a request waits.
    worker.unref();
    this.channel = { post: (message, transfer) => worker.postMessage(message, transfer), ref: () => worker.ref(), unref: () => worker.unref() };
  }

  /** Whether the thread can take work (it has not crashed). */
  get alive(): boolean {
    return this.crash === undefined;
  }

  /**
   * A stream whose finished episodes go to `path`; its number for the calls below. With `jsonl`,
   * the thread reads the lines from that JSON Lines file as the run appends to it (nothing to hand
   * over), up to the bytes of whole episodes its `committed` counter holds.
   */
  open(path: string, declared: Readonly<Record<string, ColumnType>>, jsonl?: { path: string; committed: SharedArrayBuffer }, integers: readonly string[] = []): number {
    const stream = this.nextStream++;
    this.post({ type: "open", stream, path, declared, integers, ...(jsonl === undefined ? {} : { jsonl: jsonl.path, committed: jsonl.committed }) });
    return stream;
  }

  /** Hands over whole JSON Lines, moving their memory to the thread (`bytes`' buffer is unusable afterwards). */
  lines(stream: number, bytes: Uint8Array): void {
    this.check(stream);
    this.post({ type: "lines", stream, bytes }, [bytes.buffer as ArrayBuffer]);
  }

  /** Asks for a part holding the lines handed over so far (a stream without a JSON Lines file: one with it has no parts). */
  flush(stream: number): void {
    this.check(stream);
    this.post({ type: "flush", stream });
  }

  /** Writes the stream's final file (from `upTo` bytes of the JSON Lines file it reads, if any); settles once it is in place and the parts are gone. */
  closeStream(stream: number, upTo: number): Promise<void> {
    return this.request(stream, (id) => ({ type: "close", stream, upTo, id }));
  }

  /** Settles once everything sent for `stream` so far is done (parts written): tests look at the folder then. */
  settled(stream: number): Promise<void> {
    return this.request(stream, (id) => ({ type: "settle", id }));
  }

  private check(stream: number): void {
    const failure = this.crash ?? this.failures.get(stream);
    if (failure) throw failure;
  }

  private post(message: ToParquetThread, transfer?: ArrayBuffer[]): void {
    if (this.crash) throw this.crash;
    this.channel.post(message, transfer);
  }

  private request(stream: number, message: (id: number) => ToParquetThread): Promise<void> {
    if (this.crash) return Promise.reject(this.crash);
    const id = this.nextRequest++;
    this.channel.ref();
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, stream });
      this.post(message(id));
    });
  }

  private receive(message: FromParquetThread): void {
    if (message.type === "failed") {
      this.failures.set(message.stream, new Error(`writing Parquet: ${message.message}`));
      return;
    }
    const waiter = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    if (this.waiting.size === 0) this.channel.unref();
    if (!waiter) return;
    const failure = waiter.stream === undefined ? undefined : this.failures.get(waiter.stream);
    if (failure) waiter.reject(failure);
    else waiter.resolve();
  }

  private crashed(error: Error): void {
    this.crash ??= error;
    for (const { reject } of this.waiting.values()) reject(this.crash);
    this.waiting.clear();
  }
}

let shared: ParquetThread | undefined;
let inline: ParquetThread | undefined;

/**
 * Where a run's Parquet is encoded: the process's Parquet thread (started on first use, started again
 * if it crashed) while the machine has a core left beside the `threads` that play the run; else on the
 * run's own thread (`--workers` on every core: another busy thread per worker would slow them all).
 */
export function parquetThread(threads = 1): ParquetThread {
  if (availableParallelism() <= threads) return (inline ??= new ParquetThread(true));
  if (!shared?.alive) shared = new ParquetThread();
  return shared;
}

/**
 * The thread's JavaScript file. From the TypeScript sources (vitest) it is the built one in dist/:
 * a worker thread loads plain JavaScript (build first: `npx tsc -p tsconfig.build.json`).
 */
function threadFile(): string {
  const here = fileURLToPath(import.meta.url);
  const built = join(dirname(here), "parquet-thread-main.js");
  if (!here.endsWith(".ts")) return built;
  const root = resolve(dirname(here), "../..");
  const fromSources = join(root, "dist", relative(root, built));
  if (!existsSync(fromSources)) throw new Error(`${fromSources} is missing: build first (npx tsc -p tsconfig.build.json)`);
  return fromSources;
}
