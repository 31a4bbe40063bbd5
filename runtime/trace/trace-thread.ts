import { writeSync } from "node:fs";
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { PackedLines, type PackedBatch } from "./packed-events.js";
import { TraceLines } from "./trace-lines.js";
import { DONE, FAILED, READY, type ToTraceThread, type TraceThreadData } from "./trace-thread-protocol.js";

/*
 * The trace's writer thread (started by trace-writer.ts): unpacks each batch of events, writes
 * their lines to trace.jsonl (the run's thread opened it; a descriptor is the process's), and then
 * counts the batch done in shared memory, which the run's thread waits on when it must know the
 * file holds every event so far (a pause, the run's end).
 */

const { fd, state, errors } = workerData as TraceThreadData;
const shared = new Int32Array(state);
const packed = new PackedLines();
const lines = new TraceLines(1 << 20);

function writeOut(bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
}

const append = (json: string): void => lines.appendJson(json);

function write(batch: PackedBatch): void {
  packed.lines(batch, append);
  writeOut(lines.view());
  lines.clear();
}

(parentPort as MessagePort).on("message", (message: ToTraceThread) => {
  if (Atomics.load(shared, FAILED) !== 0) return;
  try {
    if (message.type === "events") write(message.batch);
    else writeOut(message.bytes);
    Atomics.add(shared, DONE, 1);
  } catch (error) {
    (errors as MessagePort).postMessage(error instanceof Error ? error.message : String(error));
    Atomics.store(shared, FAILED, 1);
  }
  Atomics.notify(shared, DONE);
});
Atomics.store(shared, READY, 1);
