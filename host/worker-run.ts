import { serialize } from "node:v8";
import type { RunEvent } from "../runtime/engine/events.js";
import type { RunSummary } from "../runtime/summary.js";
import type { FromWorker, ToWorker, WorkerRunRequest } from "./worker-protocol.js";
import { stopWordSet } from "../runtime/engine/control.js";
import { leaveThread } from "./leave-thread.js";
import { WorkerStandby } from "./worker-standby.js";

/** How a worker run ended: a finished run folder, or the pipeline's validation problems. */
export type WorkerRunOutcome = { ok: true; runDir: string; summary: RunSummary } | { ok: false; problems: string[] };

/** A run on its own thread, controlled and observed from the host's. */
export interface WorkerRun {
  pause(): void;
  resume(): void;
  step(): void;
  stop(): void;
  /** Ends the thread at its next turn (a run that did not stop when asked; leave-thread.ts); `done` rejects. */
  leave(): Promise<void>;
  /** Settles when the run ends; rejects if the worker crashed. */
  readonly done: Promise<WorkerRunOutcome>;
}

const runWorkers = new WorkerStandby(new URL("./run-worker.js", import.meta.url));

/**
 * Starts a run's thread ahead (one at most), for a host where a person waits on the Run button:
 * the next run then plays its first step at once instead of after ~0.5 s of loading modules.
 */
export function prestartRunWorker(): void {
  runWorkers.prestart(1);
}

/**
 * Runs a pipeline in a worker thread, one started ahead when there is one (the engine and its ONNX sessions live there), delivering
 * events in batches to `onEvents`, and `onPaused` each time the engine settled into a pause (after
 * its events). The host's event loop only receives messages, so it stays responsive whatever the
 * models cost; a host slower than the run gets batches without per-step detail (`dropped` counts
 * it: live-event-buffer.ts). Throws, with no thread left behind, when the request cannot be handed over.
 */
export function startWorkerRun(request: WorkerRunRequest, onEvents: (events: RunEvent[], dropped: number) => void, onPaused?: () => void): WorkerRun {
  let payload: Uint8Array;
  try {
    payload = serialize(request);
  } catch (error) {
    throw new Error(`the run cannot be handed to its worker thread: ${(error as Error).message} (is the pipeline nested too deeply?)`, { cause: error });
  }
  const { worker } = runWorkers.take();
  const post = (message: ToWorker) => worker.postMessage(message);
  const done = new Promise<WorkerRunOutcome>((resolve, reject) => {
    worker.on("message", (message: FromWorker) => {
      if (message.type === "events") {
        onEvents(message.events, message.dropped);
        post({ type: "taken" });
      }
      else if (message.type === "paused") onPaused?.();
      else if (message.type === "done") resolve({ ok: true, runDir: message.runDir, summary: message.summary });
      else if (message.type === "invalid") resolve({ ok: false, problems: message.problems });
      else reject(new Error(`the run's worker crashed: ${message.message}`));
    });
    worker.on("error", reject);
    worker.on("exit", (code) => reject(new Error(`the run's worker exited (code ${code}) before the run ended`)));
  }).finally(() => void worker.terminate());
  const stopWord = new Int32Array(new SharedArrayBuffer(4));
  post({ type: "start", request: payload, stopWord });
  return {
    pause: () => post({ type: "control", action: "pause" }),
    resume: () => post({ type: "control", action: "resume" }),
    step: () => post({ type: "control", action: "step" }),
    stop: () => {
      stopWordSet(stopWord);
      post({ type: "control", action: "stop" });
    },
    leave: () => leaveThread(worker),
    done,
  };
}
