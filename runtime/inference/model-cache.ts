import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { createLoadedModel, requireFloatInputs } from "./loaded-model.js";
import { readModelInfo } from "./model-info.js";
import type { OrtSession } from "./native-session.js";
import { openSession } from "./open-session.js";
import type { ExecutionProvider, FloatTensor, LoadedModel, ModelLoader, ModelLoadOptions } from "./types.js";

/**
 * Intra-op threads when a node does not say. bench/inference-threads.ts (an 81→64→64→4
 * MLP at batch 16, the size of our policies and Q-scorers) ran 1 thread fastest: on a
 * 2-core EPYC, five runs gave 2 threads 0.54–0.81× and onnxruntime's default (0)
 * 0.49–0.79× of 1 thread's 36–66k runs/s. Small models spend their time in per-call
 * overhead, which handing work to pool threads adds to rather than shortens; and a
 * run's sessions share the cores with the engine's own thread.
 */
export const DEFAULT_INTRA_OP_THREADS = 1;

/** A model session was created (not served from the cache): for the trace and the run summary. */
export interface ModelLoadEvent {
  /** The model file, resolved against the pipeline folder. */
  path: string;
  requested: ExecutionProvider;
  /** The provider actually used. */
  provider: string;
  /** Why `provider` is not the one requested. */
  note?: string;
  /** Time to create the session and warm it up. */
  ms: number;
}

/** Where models are found and who hears about each load. */
export interface ModelCacheOptions {
  /** Folder of the pipeline file; model paths resolve against it. */
  pipelineDir: string;
  onLoad?: (event: ModelLoadEvent) => void;
}

/** A ModelLoader that keeps one session per (file, provider, threads) for a whole run. */
export interface ModelCache extends ModelLoader {
  /** Releases every session; call once the run is over. */
  dispose(): Promise<void>;
}

interface CacheEntry {
  model: LoadedModel;
  session: OrtSession;
}

/**
 * Runs the model once on zeros at batch 1, so the first real step does not pay for lazy
 * initialisation. Skipped when an input has a named or unknown size past the batch (e.g. a
 * PyTorch export with a "features" axis): zeros of a guessed size would fail a model that is fine.
 */
async function warmUp(model: LoadedModel): Promise<void> {
  const feeds: Record<string, FloatTensor> = {};
  for (const input of model.info.inputs) {
    if (input.shape.slice(1).some((dim) => typeof dim !== "number")) return;
    const shape = input.shape.map((dim) => (typeof dim === "number" ? dim : 1));
    feeds[input.name] = { data: new Float32Array(shape.reduce((product, dim) => product * dim, 1)), shape };
  }
  try {
    await model.run(feeds);
  } catch (error) {
    throw new Error(`Warm-up run on zeros failed: ${(error as Error).message}`, { cause: error });
  }
}

async function loadEntry(file: string, options: ModelLoadOptions, threads: number, onLoad: ModelCacheOptions["onLoad"]): Promise<CacheEntry> {
  const started = performance.now();
  const info = readModelInfo(file);
  requireFloatInputs(info);
  const { session, provider, note } = await openSession(file, options.provider, threads);
  try {
    const model = createLoadedModel(session, info, provider, note);
    await warmUp(model);
    const event: ModelLoadEvent = { path: file, requested: options.provider, provider, ms: performance.now() - started };
    if (note !== undefined) event.note = note;
    onLoad?.(event);
    return { model, session };
  } catch (error) {
    session.release();
    throw error;
  }
}

/**
 * Creates the model loader for one run. Two nodes loading the same file with the same
 * provider and thread count share one session (and one warm-up); a failed load is not
 * cached, so a later attempt reports the same error afresh.
 */
export function createModelCache(options: ModelCacheOptions): ModelCache {
  const entries = new Map<string, Promise<CacheEntry>>();
  return {
    info(path) {
      return readModelInfo(resolve(options.pipelineDir, path));
    },
    async load(path, loadOptions) {
      const file = resolve(options.pipelineDir, path);
      const threads = loadOptions.intraOpThreads ?? DEFAULT_INTRA_OP_THREADS;
      const key = JSON.stringify([file, loadOptions.provider, threads]);
      let entry = entries.get(key);
      if (!entry) {
        entry = loadEntry(file, loadOptions, threads, options.onLoad);
        entries.set(key, entry);
        const pending = entry;
        pending.catch(() => {
          if (entries.get(key) === pending) entries.delete(key);
        });
      }
      return (await entry).model;
    },
    async dispose() {
      const settled = await Promise.allSettled(entries.values());
      entries.clear();
      for (const result of settled) if (result.status === "fulfilled") result.value.session.release();
    },
  };
}
