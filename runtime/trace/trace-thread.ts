import { writeSync } from "node:fs";
import { parentPort, type MessagePort } from "node:worker_threads";
import { JsonBytes } from "./json-bytes.js";
import { PackedLines } from "./packed-lines.js";
import { DONE, FAILED, READY, type SpentArrays, type ToTraceThread, type WriteFailure } from "./trace-thread-protocol.js";

/*
 * The trace writer thread (one a process, started by trace-thread-client.ts when a trace is long
 * enough to pay for it, and kept for the next): for each open trace file, writes the lines of the
 * batches of events its run packs (packed-events.ts) to the file (the run's thread opened it; a
 * descriptor is the process's), and then counts the batch done in shared memory, which the run's
 * thread waits on when it must know the file holds every event so far (a pause, the run's end).
 */

interface OpenFile {
  fd: number;
  state: Int32Array;
  errors: MessagePort;
  /** Where a written batch's arrays go back to the run's thread, to be packed into again. */
  spent: MessagePort;
  /** The file's run's string table and its JSON. */
  packed: PackedLines;
}

const files = new Map<number, OpenFile>();
const lines = new JsonBytes();

function writeOut(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
}

function handle(file: OpenFile, message: ToTraceThread): void {
  if (message.type === "events") {
    lines.clear();
    const { batch } = message;
    file.packed.write(batch, lines);
    writeOut(file.fd, lines.view());
    file.spent.postMessage({ tags: batch.tags, numbers: batch.numbers } satisfies SpentArrays, [batch.tags.buffer, batch.numbers.buffer]);
  } else if (message.type === "lines") {
    writeOut(file.fd, message.bytes);
  }
}

(parentPort as MessagePort).on("message", (message: ToTraceThread) => {
  if (message.type === "open") {
    const state = new Int32Array(message.state);
    files.set(message.file, { fd: message.fd, state, errors: message.errors, spent: message.spent, packed: new PackedLines() });
    Atomics.store(state, READY, 1);
    return;
  }
  const file = files.get(message.file);
  if (!file) return;
  if (message.type === "close") {
    files.delete(message.file);
    file.errors.close();
    file.spent.close();
    return;
  }
  if (Atomics.load(file.state, FAILED) !== 0) return;
  try {
    handle(file, message);
    Atomics.add(file.state, DONE, 1);
  } catch (error) {
    file.errors.postMessage({ message: error instanceof Error ? error.message : String(error), code: (error as NodeJS.ErrnoException).code } satisfies WriteFailure);
    Atomics.store(file.state, FAILED, 1);
  }
  Atomics.notify(file.state, DONE);
});
