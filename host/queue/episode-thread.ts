/**
 * A `foresight worker`'s thread for episodes: plays the batches its main thread hands it, one at a
 * time and in order (the next one's episodes while the last one's nodes close: batch-turns.ts), and
 * hands back each outcome with its trace packed. The main thread meanwhile makes the trace's JSON,
 * takes the next batches from Redis, stores outcomes and completes jobs, so none of that waits
 * between batches.
 */
import { parentPort, workerData } from "node:worker_threads";
import { RunControl } from "../../runtime/engine/control.js";
import { messageOf } from "../../runtime/engine/node-error.js";
import { loadHostKinds } from "../node-kinds.js";
import { BatchTurns } from "./batch-turns.js";
import type { EpisodeThreadData, FromEpisodeThread, ToEpisodeThread } from "./episode-thread-protocol.js";
import { BatchPlayer, BatchRefused, type PackedOutcome } from "./play-batch.js";

const port = parentPort!;
const data = workerData as EpisodeThreadData;
const { registry } = await loadHostKinds(data.kindModules);
const player = new BatchPlayer(data.folders, data.worker, registry);
const turns = new BatchTurns(player);
const controls = new Map<number, RunControl>();
const send = (message: FromEpisodeThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

port.on("message", (message: ToEpisodeThread) => {
  if (message.type === "stop") controls.get(message.id)?.stop();
  else if (message.type === "close") void turns.drained().then(() => player.dispose()).then(() => port.close());
  // Ended from here, between two calls into ONNX Runtime: a thread terminated from outside while one
  // runs aborts the whole process when the call returns (onnxruntime-node throws into a stopping thread).
  else if (message.type === "leave") process.exit(0);
  else {
    const { id, job } = message;
    const control = new RunControl();
    controls.set(id, control);
    const starting = () => {
      send(control.signal.aborted ? { type: "skipped", id } : { type: "started", id });
      return !control.signal.aborted;
    };
    turns
      .play(job, control, starting, (outcome) => send({ type: "played", id, outcome }, movable(outcome)))
      .catch((error: unknown) => send({ type: "failed", id, message: messageOf(error), refused: error instanceof BatchRefused }))
      .finally(() => controls.delete(id));
  }
});

/** The memory an outcome's trace and files hold alone: it moves to the main thread without a copy. */
function movable(outcome: PackedOutcome): ArrayBuffer[] {
  const trace = outcome.trace.flatMap((batch) => [batch.tags.buffer, batch.numbers.buffer]);
  const files = outcome.files.map((file) => file.bytes).filter((bytes) => bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength);
  return [...trace, ...files.map((bytes) => bytes.buffer as ArrayBuffer)];
}
