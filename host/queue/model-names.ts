import type { BatchJob } from "./batch-job.js";
import { cachedModelName } from "./pipeline-bundle.js";
import type { PackedOutcome } from "./play-batch.js";

/** A batch's models: the name a worker's cache gives each, and the path the pipeline file gave it. */
export type ModelNames = readonly { cached: string; path: string }[];

export function modelNamesOf(job: BatchJob): ModelNames {
  return job.models.flatMap(({ sha256, path }) => (path === undefined ? [] : [{ cached: cachedModelName(sha256), path }]));
}

/**
 * The outcome with its trace's strings naming each model by its path, as a local run's do: a node
 * names its model from its params (the ONNX Q-scorer's value function, "max Q of <model>"), which
 * the producer rewrote to the cache's name. Done on the packed strings, before their JSON is made.
 */
export function withModelPaths(outcome: PackedOutcome, names: ModelNames): PackedOutcome {
  if (names.length === 0) return outcome;
  const restore = (text: string, inJson: boolean) => {
    if (!text.includes(".onnx")) return text;
    for (const { cached, path } of names) if (text.includes(cached)) text = text.replaceAll(cached, inJson ? JSON.stringify(path).slice(1, -1) : path);
    return text;
  };
  for (const batch of outcome.trace) {
    batch.shared = batch.shared.map((text) => restore(text, false));
    batch.texts = batch.texts.map((text) => restore(text, text.startsWith("{") || text.startsWith("[")));
  }
  const notices = outcome.notices.map((event) => ("message" in event && typeof event.message === "string" ? { ...event, message: restore(event.message, false) } : event));
  return { ...outcome, notices } as PackedOutcome;
}
