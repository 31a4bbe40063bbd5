import { setMaxListeners } from "node:events";
import { performance } from "node:perf_hooks";
import type { AnyNodeKind, LaneGroup, NodeInstance, SetupContext } from "../node-kind.js";
import type { ValidatedPipeline } from "../pipeline/validate.js";
import { RunControl } from "./control.js";
import { createModelCache, type ModelCache } from "../inference/model-cache.js";
import type { ModelLoader } from "../inference/types.js";
import { createCallBatcher, type BatchCharge } from "../inference/call-batcher.js";
import { TRACE_VERSION, type ModelUse, type EpisodeResult, type NodeFailure, type RunEvent, type RunStatus } from "./events.js";
import { LaneEvents, laneGroupsFor, playInLockstep, type Lane } from "./lockstep.js";
import { RunOutcome } from "./run-outcome.js";
import { failureOf, messageOf, thrown, NodeError } from "./node-error.js";
import { StepEvaluator } from "./step-evaluator.js";
import { buildStepPlan, type StepPlan } from "./step-plan.js";
import type { ForkReplay } from "./replay.js";
import { runEpisode, type RunState } from "./play-episode.js";
import type { ForkOrigin } from "../../protocol/run-events.js";
import { episodeCounts } from "../../protocol/episode-difference.js";
import type { RunSettings } from "../run-settings.js";
import { nodeCounters, runCounterMemory, type EpisodePart } from "./run-counters.js";
import { runNoteEvents } from "./run-notes.js";

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
  /** The pipeline file the run was started from (absolute), recorded in run.start so hosts can tell a file's runs apart. */
  pipelineFile?: string;
  /** The `--set` overrides the run was started with, as given: recorded in run.start, so a run still going (or killed) is told apart from its sweep's others. */
  set?: readonly string[];
  /** How many threads play this run's episodes at once (parallel runs: their `--workers`); default 1 (SetupContext.threads). */
  threads?: number;
  /**
   * Called once the episodes are played (or the run failed), before the nodes close: a queue worker
   * starts its next batch while this one's nodes finish their files (a Dataset collector's last Parquet part).
   */
  onPlayed?: () => void;
  /**
   * The nodes' run-wide counters (SetupContext.runCounters; runCounterMemory): a parallel run's
   * threads and chunks pass the run's one buffer. By default this run has its own.
   */
  counterMemory?: SharedArrayBuffer;
  /** For a process that plays its episodes apart from the rest of the run (a queue batch): which part they are. */
  episodePart?: EpisodePart;
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
  /** Of `wallMs`, the time the run stood paused (absent when it never paused). */
  pausedMs?: number;
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

  emit(runStartEvent(validated, options, settings, fork?.origin));

  const outcome = new RunOutcome(settings.onNodeError, emit, clock);
  const created: CreatedNode[] = [];
  const evaluators: StepEvaluator[] = [];
  const models: ModelUse[] = [];
  const modelCache = options.modelCache ?? createModelCache({ pipelineDir: options.pipelineDir });
  const episodeList = fork ? [fork.origin.episode] : (options.episodeIndices ?? Array.from({ length: episodes }, (_, i) => i));
  const laneCount = Math.max(1, Math.min(settings.lockstep ?? 1, episodeList.length));
  let plan: StepPlan | undefined;
  const counterMemory = options.counterMemory ?? runCounterMemory(validated.nodes.length);
  // A node's promise holds no handle of Node's: a run waiting only on one (a user's kind) would otherwise end its process mid-run, with no summary.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  try {
    // Lanes' model calls meet in one batch per step; a serial run's go straight to the cache.
    // At trace `full` the node events show the order nodes finish in, and a batched model always
    // answers later: a serial run's models answer later too there, so K lanes trace line for line
    // as one. Elsewhere a model answers at once (LoadedModel.runNow) and a step needs no promise.
    const batcher = laneCount > 1 ? createCallBatcher(modelCache) : undefined;
    const loader = batcher ?? (level === "full" ? deferredModels(modelCache) : modelCache);
    const reported = (id: string, through: ModelLoader = loader) =>
      modelsFor(id, through, (use, ms) => {
        models.push(use);
        emit({ type: "model.load", t: clock(), ...use, ms });
      });
    const nodeIndex = new Map(validated.nodes.map((node, i) => [node.spec.id, i]));
    const setup = (id: string, log: (event: RunEvent) => void, models: ModelLoader, lanes?: LaneGroup): SetupContext => ({
      nodeId: id,
      runCounters: nodeCounters(counterMemory, nodeIndex.get(id)!, options.episodePart),
      pipelineDir: options.pipelineDir,
      runDir: options.runDir,
      runSeed: seed,
      threads: options.threads ?? 1,
      models,
      log: (message) => log({ type: "node.log", t: clock(), node: id, message }),
      tracesOutputs: level === "full",
      blockingWaits: control.blockingWaits,
      ...(lanes ? { lanes } : {}),
    });
    const base = { control, seed, maxSteps: settings.maxSteps, level, clock, runStart, lastYield: 0, fork, traced: listener !== undefined };
    if (laneCount === 1) {
      const instances = await createNodes(validated, (id) => setup(id, emit, reported(id)), new Map(), created);
      plan = buildStepPlan(validated, instances);
      const evaluator = new StepEvaluator(plan, level, emit, control.signal, () => performance.now());
      evaluators.push(evaluator);
      const context: RunState = { ...base, plan, evaluator, emit, others: othersThan(plan) };
      for (const episode of episodeList) {
        if (control.signal.aborted) {
          outcome.stopped();
          break;
        }
        if (!outcome.add(await runEpisode(context, episode))) break;
      }
    } else {
      const discard = new AbortController();
      const laneSignal = AbortSignal.any([control.signal, discard.signal]);
      // Every lane's evaluator (and its nodes) listens to it: K listeners are expected, not a leak.
      setMaxListeners(0, laneSignal);
      // Shared kinds are created once, with lane 0, and log straight to the run: they log at release.
      const shared = new Map<string, AnyInstance>();
      const laneResources = new Map<string, unknown>();
      // Known once lane 0's environment exists (lockstep.ts, laneGroupsFor); lane 0 is in group 0 either way.
      let groups = 1;
      const laneGroup = (index: number, id: string): LaneGroup => ({
        index,
        count: laneCount,
        group: index % groups,
        shared<T>(key: string, make: () => T): T {
          const scoped = `${id}\u0000${key}`;
          if (!laneResources.has(scoped)) laneResources.set(scoped, make());
          return laneResources.get(scoped) as T;
        },
      });
      const lanes: Lane[] = [];
      for (let k = 0; k < laneCount; k++) {
        // Lane 0 reports its model loads and setup notes as a serial run does; the other lanes' would repeat them.
        const events = new LaneEvents(k === 0 ? emit : undefined);
        // Each lane's node is charged its shares of the batched calls it waits on (its time in the summary and node.end).
        const charges = new Map<string, BatchCharge>();
        const chargedModels = (id: string): ModelLoader => {
          const charge: BatchCharge = { ms: 0, calls: 0 };
          charges.set(id, charge);
          return batcher!.chargingTo(charge);
        };
        const instances = await createNodes(
          validated,
          (id, kind) =>
            kind.sharedAcrossLanes
              ? setup(id, emit, reported(id))
              : setup(id, events.emit, k === 0 ? reported(id, chargedModels(id)) : chargedModels(id), laneGroup(k, id)),
          shared,
          created,
        );
        if (k === 0) for (const node of validated.nodes) if (node.kind.sharedAcrossLanes) shared.set(node.spec.id, instances.get(node.spec.id)!);
        const lanePlan = buildStepPlan(validated, instances);
        const evaluator = new StepEvaluator(lanePlan, level, events.emit, laneSignal, () => performance.now(), lanePlan.nodes.map((node) => charges.get(node.id)));
        evaluators.push(evaluator);
        const sharedIndices = new Set(lanePlan.nodes.flatMap((node, i) => (node.kind.sharedAcrossLanes ? [i] : [])));
        lanes.push({ events, state: { ...base, plan: lanePlan, evaluator, emit: events.emit, others: othersThan(lanePlan), endsEpisodeElsewhere: sharedIndices } });
        if (k === 0) groups = laneGroupsFor(lanePlan.nodes[lanePlan.environment]?.instance.environment, laneCount);
      }
      plan = lanes[0]!.state.plan;
      const sharedNodes = plan.nodes.filter((node) => node.kind.sharedAcrossLanes);
      await playInLockstep({ lanes, episodes: episodeList, control, discard, outcome, emit, clock, shared: sharedNodes, groups });
    }
  } catch (error) {
    outcome.status = "failed";
    outcome.failure = failureOf(error);
    emit({ type: "node.error", t: clock(), ...outcome.failure, ends: "run" });
  } finally {
    options.onPlayed?.();
    for (const { id, kind, instance } of created) {
      try {
        await instance.close?.();
      } catch (error) {
        outcome.failed({ node: id, kind, episode: -1, step: -1, message: `closing failed: ${messageOf(error)}` });
      }
    }
    if (modelCache !== options.modelCache) await modelCache.dispose();
    clearInterval(keepAlive);
  }
  outcome.settle();
  const { status, failure, results } = outcome;
  // A run given its counters is one part of a run whose host tells the notes once all parts are played.
  if (options.counterMemory === undefined) for (const note of runNoteEvents(validated, counterMemory, clock(), results, options.episodePart)) emit(note);
  const wallMs = clock();
  emit({ type: "run.end", t: wallMs, status, ...episodeCounts(results), ms: wallMs, ...(failure ? { error: failure } : {}) });
  // Lanes' times add up; a lane's node that waited on a batched call counts its share of the batch, not the
  // wait (step-evaluator.ts). Below trace `full` each evaluator times one step in several, so these are estimates from those steps.
  const nodeTimes = (plan?.nodes ?? []).map((node, i) => ({
    node: node.id,
    kind: node.kind.kind,
    calls: evaluators.reduce((sum, evaluator) => sum + evaluator.calls[i]!, 0),
    totalMs: evaluators.reduce((sum, evaluator) => sum + evaluator.estimatedMs(i), 0),
  }));
  const pausedMs = control.pausedMs;
  return { status, episodes: results, models, nodeTimes, wallMs, ...(pausedMs > 0 ? { pausedMs } : {}), ...(failure ? { failure } : {}) };
}

/** A node instance the run created (and closes at its end). */
interface CreatedNode {
  id: string;
  kind: string;
  instance: AnyInstance;
}

/**
 * Creates the pipeline's nodes in file order, taking those in `existing` as they are; each new
 * one is added to `created` at once, so a failure later still closes it.
 */
async function createNodes(
  validated: ValidatedPipeline,
  setupFor: (id: string, kind: AnyNodeKind) => SetupContext,
  existing: ReadonlyMap<string, AnyInstance>,
  created: CreatedNode[],
): Promise<Map<string, AnyInstance>> {
  const instances = new Map<string, AnyInstance>();
  for (const node of validated.nodes) {
    const id = node.spec.id;
    const kept = existing.get(id);
    if (kept) {
      instances.set(id, kept);
      continue;
    }
    try {
      const instance = await node.kind.create(node.params, setupFor(id, node.kind));
      instances.set(id, instance);
      created.push({ id, kind: node.kind.kind, instance });
    } catch (error) {
      throw new NodeError({ node: id, kind: node.kind.kind, episode: -1, step: -1, ...thrown(error) });
    }
  }
  return instances;
}

/** Plan indices of every node but the environment: the environment begins each episode first, so episode.start can carry its scene. */
function othersThan(plan: StepPlan): number[] {
  return [...plan.nodes.keys()].filter((i) => i !== plan.environment);
}

/** The first event of a run (a parallel run emits one for all its shards). */
export function runStartEvent(validated: ValidatedPipeline, run: Pick<PipelineRunOptions, "runId" | "pipelineFile" | "set">, settings: RunSettings, fork?: ForkOrigin): RunEvent {
  return {
    type: "run.start",
    t: 0,
    traceVersion: TRACE_VERSION,
    runId: run.runId,
    pipeline: validated.pipeline.name,
    ...(run.pipelineFile !== undefined ? { pipelineFile: run.pipelineFile } : {}),
    seed: settings.seed,
    episodes: settings.episodes,
    maxSteps: settings.maxSteps,
    traceLevel: settings.trace,
    startedAt: new Date().toISOString(),
    ...(fork ? { fork } : {}),
    ...(run.set?.length ? { set: [...run.set] } : {}),
  };
}

/** The loader's models without runNow: every call answers through a promise. */
function deferredModels(loader: ModelLoader): ModelLoader {
  return {
    info: (path) => loader.info(path),
    async load(path, options) {
      const { runNow: _answersAtOnce, ...deferred } = await loader.load(path, options);
      return deferred;
    },
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
