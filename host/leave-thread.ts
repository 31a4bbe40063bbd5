import type { Worker } from "node:worker_threads";

/**
 * How long a leaving thread may take to end at its next turn before it is ended from outside (it is
 * stuck in JavaScript): longer than one call of a slow model on a loaded machine (seconds), which
 * ends only when the call returns.
 */
const LEAVE_GRACE_MS = 20_000;

/**
 * Ends a thread from inside, at its next turn: it is sent `{ type: "leave" }` and calls `process.exit`
 * between two calls into ONNX Runtime. `terminate()` landing inside one (a synchronous native call)
 * makes the call throw into a stopping thread as it returns, and that aborts the whole process.
 * Terminated from outside only if it has not ended within the grace. Settles once the thread is gone.
 */
export async function leaveThread(thread: Worker): Promise<void> {
  if (thread.threadId === -1) return; // already ended: no exit event is to come
  const ended = new Promise((resolve) => thread.once("exit", resolve));
  thread.postMessage({ type: "leave" });
  const stuck = setTimeout(() => void thread.terminate(), LEAVE_GRACE_MS);
  await ended;
  clearTimeout(stuck);
}
