import type { MessagePort } from "node:worker_threads";
import type { PackedBatch } from "./packed-events.js";

/** What the trace's writer thread is started with: the file, the shared counters, where it says why it failed. */
export interface TraceThreadData {
  fd: number;
  /** An Int32Array's SharedArrayBuffer: [DONE, FAILED, READY]. */
  state: SharedArrayBuffer;
  errors: MessagePort;
}

/** Messages the writer thread has written (each batch and each block of bytes counts one). */
export const DONE = 0;
/** 1 once a write failed; the message waits on `errors`. */
export const FAILED = 1;

/** 1 once the thread listens (a thread that never starts must not leave the run waiting). */
export const READY = 2;

export type ToTraceThread = { type: "events"; batch: PackedBatch } | { type: "lines"; bytes: Uint8Array };
