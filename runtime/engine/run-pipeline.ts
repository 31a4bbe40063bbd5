import { performance } from "node:perf_hooks";
import type { NodeInstance } from "../node-kind.js";
import type { ValidatedPipeline } from "../pipeline/validate.js";
import { RunControl } from "./control.js";
import { createModelCache, type ModelCache } from "../inference/model-cache.js";
import type { ModelLoader } from "../inference/types.js";
import { TRACE_VERSION, type ModelUse, type EpisodeResult, type NodeFailure, type RunEvent, type RunStatus } from "./events.js";
import { messageOf, NodeError } from "./node-error.js";
import { StepEvaluator } from "./step-evaluator.js";
import { buildStepPlan, type StepPlan } from "./step-plan.js";
import type { ForkReplay } from "./replay.js";
import { runEpisode, type RunState } from "./play-episode.js";
import type { ForkOrigin } from "../../protocol/run-events.js";
import type { RunSettings } from "../run-settings.js";

/** How to run a validated pipeline. */
export interface PipelineRunOptions {
  runId: string;
  /** Folder of the pipeline file (relative model and data paths resolve against it). */
  pipelineDir: string;
  /** The run folder (datasets are written here). */
  runDir: string;
  /** Resolved once by executeRun (runtime/run-settings.ts); the engine reads no other. */
  settings: RunSettings;
  /** Which episodes to play (default 0 … episodes−1); lets several workers share one run. */
  episodeIndices?: readonly number[];
  control?: RunControl;
  onEvent?: (event: RunEvent) => void;
  /**
   * Play one episode of an earlier run: replay its recorded actions up to `origin.step`, then let this
   * pipeline decide. The settings carry that run's seed (resolveRunSettings).
   */
  fork?: ForkReplay;
  /**
   * Models loaded before this run and kept open after it: a queue worker's, shared by the batches it
   * plays, so a batch does not create and warm up its sessions again. By default the run has its own.
   */
  modelCache?: ModelCache;
}

/** Time spent in one node over the run. */
export interface NodeTiming {
  node: string;
  kind: string;
  calls: number;
  totalMs: number;
}

export interface RunResult {
  status: RunStatus;
  /** Every model a node loaded, with the provider it ran on. */
  models: ModelUse[];
  episodes: EpisodeResult[];
  failure?: NodeFailure;
  nodeTimes: NodeTiming[];
  wallMs: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyInstance = NodeInstance<any, any>;

/** Runs a validated pipeline: episodes of steps, each step one evaluation of the decision graph. */
export async function runPipeline(validated: ValidatedPipeline, options: PipelineRunOptions): Promise<RunResult> {
  const { settings, fork } = options;
  const { seed, episodes, trace: level } = settings;
  const control = options.control ?? new RunControl();
  const listener = options.onEvent;
  const runStart = performance.now();
  const emit = listener ? (event: RunEvent) => listener(event) : () => {};
  const clock = () => performance.now() - runStart;

  emit(runStartEvent(validated, options.runId, settings, fork?.origin));

  const results: EpisodeResult[] = [];
  let status: RunStatus = "completed";
  let failure: NodeFailure | undefined;
  /** The first episode's node error, for a run whose every episode failed. */
  let firstFailure: NodeFailure | undefined;
  const instances = new Map<string, AnyInstance>();
  const models: ModelUse[] = [];
  const modelCache = options.modelCache ?? createModelCache({ pipelineDir: options.pipelineDir });
  let plan: StepPlan | undefined;
  let evaluator: StepEvaluator | undefined;
  try {
    for (const node of validated.nodes) {
      const id = node.spec.id;
      try {
        const instance = await node.kind.create(node.params, {
          nodeId: id,
          pipelineDir: options.pipelineDir,
          runDir: options.runDir,
          runSeed: seed,
          models: modelsFor(id, modelCache, (use, ms) => {
            models.push(use);
            emit({ type: "model.load", t: clock(), ...use, ms });
          }),
          log: (message) => emit({ type: "node.log", t: clock(), node: id, message }),
        });
        instances.set(id, instance);
      } catch (error) {
        throw new NodeError({ node: id, kind: node.kind.kind, episode: -1, step: -1, message: messageOf(error) });
      }
    }
    plan = buildStepPlan(validated, instances);
    evaluator = new StepEvaluator(plan, level, emit, control.signal, () => performance.now());
    const episodeList = fork ? [fork.origin.episode] : (options.episodeIndices ?? Array.from({ length: episodes }, (_, i) => i));
    // The environment begins each episode first, so episode.start can carry the scene it was reset to.
    const environmentIndex = plan.environment;
    const others = [...plan.nodes.keys()].filter((i) => i !== environmentIndex);
    const context: RunState = { plan, evaluator, control, seed, maxSteps: settings.maxSteps, level, emit, clock, runStart, lastYield: 0, fork, others, traced: listener !== undefined };
    for (const episode of episodeList) {
      if (control.signal.aborted) {
        status = "stopped";
        break;
      }
      const outcome = await runEpisode(context, episode);
      results.push(outcome.result);
      if (outcome.result.status === "stopped") {
        status = "stopped";
        break;
      }
      if (outcome.failure) {
        firstFailure ??= outcome.failure;
        // A fork that cannot replay has nothing else to play: it fails the run whatever onNodeError says.
        const endsRun = settings.onNodeError === "endRun" || outcome.replayFailed === true;
        emit({ type: "node.error", t: clock(), ...outcome.failure, ends: endsRun ? "run" : "episode" });
        if (endsRun) {
          status = "failed";
          failure = outcome.failure;
          break;
        }
      }
    }
  } catch (error) {
    status = "failed";
    failure = error instanceof NodeError ? error.failure : { node: "", kind: "", episode: -1, step: -1, message: messageOf(error) };
    emit({ type: "node.error", t: clock(), ...failure, ends: "run" });
  } finally {
    for (const [id, instance] of instances) {
      try {
        await instance.close?.();
      } catch (error) {
        status = "failed";
        failure ??= { node: id, kind: validated.nodes.find((n) => n.spec.id === id)!.kind.kind, episode: -1, step: -1, message: `closing failed: ${messageOf(error)}` };
      }
    }
    if (modelCache !== options.modelCache) await modelCache.dispose();
  }
  // Every episode ended in a node error: the run has nothing to show, so it failed, with the first error as its reason.
  if (status === "completed" && results.length > 0 && results.every((result) => result.status === "error") && firstFailure) {
    status = "failed";
    failure = firstFailure;
  }
  const wallMs = clock();
  emit({ type: "run.end", t: wallMs, status, episodes: results.length, ms: wallMs, ...(failure ? { error: failure } : {}) });
  const nodeTimes = (plan?.nodes ?? []).map((node, i) => ({
    node: node.id,
    kind: node.kind.kind,
    calls: evaluator!.calls[i]!,
    totalMs: evaluator!.totalMs[i]!,
  }));
  return { status, episodes: results, models, nodeTimes, wallMs, ...(failure ? { failure } : {}) };
}

/** The first event of a run (a parallel run emits one for all its shards). */
export function runStartEvent(validated: ValidatedPipeline, runId: string, settings: RunSettings, fork?: ForkOrigin): RunEvent {
  return {
    type: "run.start",
    t: 0,
    traceVersion: TRACE_VERSION,
    runId,
    pipeline: validated.pipeline.name,
    seed: settings.seed,
    episodes: settings.episodes,
    maxSteps: settings.maxSteps,
    traceLevel: settings.trace,
    startedAt: new Date().toISOString(),
    ...(fork ? { fork } : {}),
  };
}

/** A node's view of the run's model cache, reporting each model it loads (and the provider used). */
function modelsFor(node: string, cache: ModelLoader, report: (use: ModelUse, ms: number) => void): ModelLoader {
  return {
    info: (path) => cache.info(path),
    async load(path, options) {
      const start = performance.now();
      const model = await cache.load(path, options);
      report({ node, path, requested: options.provider, provider: model.provider, ...(model.note ? { note: model.note } : {}) }, performance.now() - start);
      return model;
    },
  };
}
