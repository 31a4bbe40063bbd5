import { tracedRows } from "../trace/summarise.js";
import { performance } from "node:perf_hooks";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { CandidateTable } from "../candidate-table.js";
import type { EpisodeOutcome, NodeInstance } from "../node-kind.js";
import type { Decision, Transition } from "../ports.js";
import type { ValidatedPipeline } from "../pipeline/validate.js";
import { deriveSeed, Rng } from "../rng.js";
import { RunControl, RunStopped } from "./control.js";
import { createModelCache, type ModelCache } from "../inference/model-cache.js";
import type { ModelLoader } from "../inference/types.js";
import { TRACE_VERSION, type ModelUse, type EpisodeResult, type EpisodeStatus, type NodeFailure, type RunEvent, type RunStatus, type TraceLevel } from "./events.js";
import { messageOf, NodeError } from "./node-error.js";
import { StepEvaluator } from "./step-evaluator.js";
import { noteCandidateTable } from "../trace/event-json.js";
import { buildStepPlan, type StepPlan } from "./step-plan.js";
import { ReplayError, replaySteps, type ForkReplay } from "./replay.js";
import type { ForkOrigin } from "../../protocol/run-events.js";
import type { Scene } from "../environment.js";
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

/** Hand the event loop a turn this often, so a host's stop/pause messages get through during synchronous steps. */
const YIELD_EVERY_MS = 20;

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

interface RunState {
  plan: StepPlan;
  evaluator: StepEvaluator;
  control: RunControl;
  seed: number;
  maxSteps: number;
  level: TraceLevel;
  emit: (event: RunEvent) => void;
  clock: () => number;
  runStart: number;
  /** When the run last handed the event loop a turn (across episodes: short episodes must not reset it). */
  lastYield: number;
  fork: ForkReplay | undefined;
  /** Plan indices of every node but the environment, which begins episodes first. */
  others: readonly number[];
  /** Someone listens to events (a run without a listener skips the scene). */
  traced: boolean;
}

/** What an episode has done so far: its steps (replayed and live), reward and last transition. */
interface EpisodeTally {
  steps: number;
  envSteps: number;
  total: number;
  last?: Transition;
}

async function runEpisode(run: RunState, episode: number): Promise<{ result: EpisodeResult; failure?: NodeFailure; replayFailed?: boolean }> {
  const { plan, emit, clock } = run;
  const start = clock();
  const rngs = plan.nodes.map((node) => Rng.derive(run.seed, episode, node.id));
  const envNode = plan.nodes[plan.environment];
  const tally: EpisodeTally = { steps: 0, envSteps: 0, total: 0 };
  let status: EpisodeStatus = "completed";
  let failure: NodeFailure | undefined;
  let replayFailed = false;
  let startError: unknown;
  try {
    if (envNode) await beginNode(run, rngs, episode, plan.environment);
  } catch (error) {
    startError = error;
  }
  const scene = startError === undefined && run.traced ? sceneOf(envNode, episode) : undefined;
  emit({ type: "episode.start", t: start, episode, ...(scene && "scene" in scene ? { scene: scene.scene } : {}) });
  try {
    if (startError !== undefined) throw startError;
    if (scene && "error" in scene) throw scene.error;
    for (const i of run.others) await beginNode(run, rngs, episode, i);
    let firstStep = 0;
    if (run.fork) {
      try {
        firstStep = replayForkSteps(run, run.fork, episode, tally);
      } catch (error) {
        replayFailed = true;
        throw error;
      }
    }
    await playLiveSteps(run, episode, firstStep, rngs, tally);
  } catch (error) {
    if (error instanceof RunStopped) status = "stopped";
    else {
      status = "error";
      failure = error instanceof NodeError ? error.failure : { node: "", kind: "", episode, step: tally.steps, message: messageOf(error) };
    }
  }
  const { last } = tally;
  const result: EpisodeResult = {
    episode,
    status,
    steps: tally.steps,
    envSteps: tally.envSteps,
    return: tally.total,
    success: status === "completed" && last?.info.success === true,
    terminated: last?.terminated ?? false,
    truncated: last?.truncated ?? false,
    ms: clock() - start,
  };
  const outcome: EpisodeOutcome = { episode, status, steps: tally.steps, return: tally.total, success: result.success };
  for (const node of plan.nodes) {
    const ended = node.instance.endEpisode?.(outcome);
    if (ended) await ended;
  }
  emit({ type: "episode.end", t: clock(), ...result });
  return { result, ...(failure ? { failure } : {}), ...(replayFailed ? { replayFailed } : {}) };
}

/**
 * A fork's first steps: the earlier run's recorded actions, replayed on the live environment and
 * checked against the recording (runtime/engine/replay.ts); no node decides. Answers the first
 * step the pipeline decides itself. A divergence is the environment node's error.
 */
function replayForkSteps(run: RunState, fork: ForkReplay, episode: number, tally: EpisodeTally): number {
  const envNode = run.plan.nodes[run.plan.environment];
  const environment = envNode?.instance.environment;
  if (!envNode || !environment) throw new Error("the pipeline's environment node exposes no live environment to replay a fork on");
  try {
    for (const replayed of replaySteps(environment, fork)) {
      tally.steps++;
      tally.envSteps += replayed.envSteps;
      tally.total += replayed.reward;
      if (run.level !== "off") {
        const { step, action } = replayed.recorded;
        run.emit({ type: "step.end", t: run.clock(), episode, step, action, reward: replayed.reward, done: replayed.done, ms: 0, observation: replayed.observation, envSteps: replayed.envSteps, replayed: true });
      }
    }
  } catch (error) {
    const step = error instanceof ReplayError ? error.step : fork.origin.step;
    throw new NodeError({ node: envNode.id, kind: envNode.kind.kind, episode, step, message: messageOf(error) });
  }
  return fork.origin.step;
}

/** Steps decided by the graph, from `firstStep` until the executor's transition is done or maxSteps. */
async function playLiveSteps(run: RunState, episode: number, firstStep: number, rngs: readonly Rng[], tally: EpisodeTally): Promise<void> {
  const { plan, evaluator, control, emit, clock } = run;
  const traceSteps = run.level !== "off";
  const candidatesPort = plan.executorCandidatesPort;
  for (let step = firstStep; step < run.maxSteps; step++) {
    if (control.mustWait()) await control.waitForTurn();
    let stepStart = clock();
    if (stepStart - run.lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      run.lastYield = stepStart = clock();
    }
    if (traceSteps) emit({ type: "step.start", t: stepStart, episode, step });
    const pending = evaluator.evaluate(episode, step, rngs, step === run.maxSteps - 1, run.runStart);
    if (pending) await pending;
    const outputs = evaluator.outputs[plan.executor]!;
    const last = outputs["transition"] as Transition;
    tally.last = last;
    tally.steps++;
    tally.envSteps += last.envSteps;
    tally.total += last.reward;
    const done = last.terminated || last.truncated;
    if (traceSteps) {
      const end = clock();
      const table = candidatesPort ? (outputs[candidatesPort] as CandidateTable) : undefined;
      const event: RunEvent = {
        type: "step.end",
        t: end,
        episode,
        step,
        action: last.action,
        reward: last.reward,
        done,
        ms: end - stepStart,
        // Already computed by the executor and never mutated (Observation's contract): no copy.
        observation: last.observation,
        envSteps: last.envSteps,
        decision: outputs["decision"] as Decision,
        ...(table ? { candidates: tracedRows(table) } : {}),
      };
      // The trace writer writes the rows from the table's columns (cells cut the same way: event-json.ts).
      emit(table ? noteCandidateTable(event, table) : event);
    }
    if (done) return;
  }
}

async function beginNode(run: RunState, rngs: readonly Rng[], episode: number, i: number): Promise<void> {
  const node = run.plan.nodes[i]!;
  try {
    const begun = node.instance.beginEpisode?.({ episode, seed: deriveSeed(run.seed, "episode", episode, node.id), rng: rngs[i]! });
    if (begun) await begun;
  } catch (error) {
    throw new NodeError({ node: node.id, kind: node.kind.kind, episode, step: 0, message: messageOf(error) });
  }
}

/** The environment's scene for episode.start, or the node error its scene() threw. */
function sceneOf(envNode: StepPlan["nodes"][number] | undefined, episode: number): { scene: Scene } | { error: NodeError } | undefined {
  const environment = envNode?.instance.environment;
  if (!environment?.scene) return undefined;
  try {
    return { scene: environment.scene() };
  } catch (error) {
    return { error: new NodeError({ node: envNode!.id, kind: envNode!.kind.kind, episode, step: 0, message: `scene(): ${messageOf(error)}` }) };
  }
}
