import type { MessagePort } from "node:worker_threads";
import type { PackedBatch } from "./packed-events.js";

/** Counters a trace file's writer shares with the writer thread (an Int32Array over a SharedArrayBuffer). */
export const STATE_BYTES = 12;
/** Messages the writer thread has written for the file (each batch and each block of bytes counts one). */
export const DONE = 0;
/** 1 once a write failed; its WriteFailure waits on the file's `errors` port. */
export const FAILED = 1;
/** 1 once the thread took the file (a thread that never starts must not leave the run waiting). */
export const READY = 2;

/** Why the thread could not write a file: the error's message and Node's code (ENOSPC…), if any. */
export interface WriteFailure {
  message: string;
  code?: string | undefined;
}

/** A written batch's arrays, handed back on the file's `spent` port for the run's thread to pack into again. */
export type SpentArrays = Pick<PackedBatch, "tags" | "numbers">;

/** What the writer thread is sent, each naming the trace file (`file`: a number the process's writers share). */
export type ToTraceThread =
  | { type: "open"; file: number; fd: number; state: SharedArrayBuffer; errors: MessagePort; spent: MessagePort }
  | { type: "events"; file: number; batch: PackedBatch }
  | { type: "lines"; file: number; bytes: Uint8Array }
  | { type: "close"; file: number };
