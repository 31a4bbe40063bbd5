import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ColumnType } from "./columns.js";
import type { FromParquetThread, ToParquetThread } from "./parquet-thread-protocol.js";

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
  private readonly worker: Worker;
  private nextStream = 0;
  private nextRequest = 0;
  private readonly waiting = new Map<number, { resolve(): void; reject(error: Error): void; stream: number | undefined }>();
  private readonly failures = new Map<number, Error>();
  /** Set when the thread itself is gone: every call fails. */
  private crash: Error | undefined;

  constructor() {
    this.worker = new Worker(threadFile());
    this.worker.unref();
    this.worker.on("message", (message: FromParquetThread) => this.receive(message));
    this.worker.on("error", (error) => this.crashed(new Error(`the Parquet thread crashed: ${error.message}`)));
    this.worker.once("exit", () => this.crashed(new Error("the Parquet thread ended before its files were written")));
  }

  /** Whether the thread can take work (it has not crashed). */
  get alive(): boolean {
    return this.crash === undefined;
  }

  /**
   * A stream whose finished episodes go to `path`; its number for the calls below. With `jsonl`,
   * the thread reads the lines from that JSON Lines file as the run appends to it (nothing to hand over).
   */
  open(path: string, declared: Readonly<Record<string, ColumnType>>, jsonl?: string): number {
    const stream = this.nextStream++;
    this.post({ type: "open", stream, path, declared, ...(jsonl === undefined ? {} : { jsonl }) });
    return stream;
  }

  /** Hands over whole JSON Lines, moving their memory to the thread (`bytes`' buffer is unusable afterwards). */
  lines(stream: number, bytes: Uint8Array): void {
    this.check(stream);
    this.post({ type: "lines", stream, bytes }, [bytes.buffer as ArrayBuffer]);
  }

  /** Asks for a part holding the lines so far (at least `upTo` bytes of the JSON Lines file it reads, if it reads one). */
  flush(stream: number, upTo: number): void {
    this.check(stream);
    this.post({ type: "flush", stream, upTo });
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
    this.worker.postMessage(message, transfer);
  }

  private request(stream: number, message: (id: number) => ToParquetThread): Promise<void> {
    if (this.crash) return Promise.reject(this.crash);
    const id = this.nextRequest++;
    this.worker.ref();
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
    if (this.waiting.size === 0) this.worker.unref();
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

/** The process's Parquet thread: started on first use, started again if it crashed. */
export function parquetThread(): ParquetThread {
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
