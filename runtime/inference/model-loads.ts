import { statSync } from "node:fs";
import { openNativeSession } from "./native-session.js";

/** Larger models are left to the run: opening one at every validation would cost seconds. */
const MAX_OPENED_BYTES = 64 * 2 ** 20;

/** What opening each model file gave (undefined: it opened), by path, size and time of change: the editor validates on every edit. */
const opened = new Map<string, string | undefined>();

/**
 * Why ONNX Runtime cannot open a model that readModelInfo read (an op it has no kernel for, an
 * attribute it refuses), or undefined when it can or the file is over 64 MB. readModelInfo reads the
 * graph's interface only; without this, such a model passed validation and failed the run's start.
 * Costs loading onnxruntime-node once per process (0.2–0.7 s on a 2-core machine; a run loads it
 * anyway) and a CPU session without graph optimisation per model file (~6 ms for the shipped ones),
 * each file once while it is unchanged.
 */
export function modelLoadFailure(file: string): string | undefined {
  const { size, mtimeMs } = statSync(file);
  if (size > MAX_OPENED_BYTES) return undefined;
  const key = `${file}\0${size}\0${mtimeMs}`;
  if (opened.has(key)) return opened.get(key);
  let failure: string | undefined;
  try {
    openNativeSession(file, { executionProviders: ["cpu"], intraOpNumThreads: 1, graphOptimizationLevel: "disabled" }).release();
  } catch (error) {
    failure = `onnxruntime cannot load ${file}: ${(error as Error).message.split("\n")[0]!.trim()}`;
  }
  opened.set(key, failure);
  return failure;
}
