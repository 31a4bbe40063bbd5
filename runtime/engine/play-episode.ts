import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { CandidateTable } from "../candidate-table.js";
import type { EpisodeOutcome } from "../node-kind.js";
import type { Decision, Transition } from "../ports.js";
import { isPromiseLike } from "../maybe-promise.js";
import { deriveSeed, Rng } from "../rng.js";
import type { Scene } from "../environment.js";
import { withCandidateRows } from "../trace/lazy-rows.js";
import { RunStopped, type RunControl } from "./control.js";
import type { EpisodeResult, EpisodeStatus, NodeFailure, RunEvent, TraceLevel } from "./events.js";
import { failureOf, messageOf, thrown, NodeError } from "./node-error.js";
import { ReplayError, replaySteps, type ForkReplay } from "./replay.js";
import { stepFrame } from "./step-frame.js";
import type { StepEvaluator } from "./step-evaluator.js";
import type { StepPlan } from "./step-plan.js";

/** Hand the event loop a turn this often, so a host's stop/pause messages get through during synchronous steps. */
const YIELD_EVERY_MS = 20;

/** What playing an episode needs of the run (run-pipeline.ts builds it once per run). */
export interface RunState {
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
  /**
   * Awaited before each live step instead of the run control and the event loop turn: lockstep
   * lanes (lockstep.ts) wait there for each other, and one of them takes the turn for all.
   */
  beforeStep?: () => Promise<void>;
  /** Plan indices of nodes whose endEpisode the caller makes itself (lockstep: shared nodes, in episode order). */
  endsEpisodeElsewhere?: ReadonlySet<number>;
}

/** What an episode has done so far: its steps (replayed and live), reward and last transition. */
interface EpisodeTally {
  steps: number;
  envSteps: number;
  total: number;
  last?: Transition;
}

/** One episode: the environment and nodes begin it, a fork's recorded steps replay, then the graph decides each step. */
export async function runEpisode(run: RunState, episode: number): Promise<{ result: EpisodeResult; failure?: NodeFailure; replayFailed?: boolean; endsRun?: boolean }> {
  const { plan, emit, clock } = run;
  const start = clock();
  const rngs = plan.nodes.map((node) => Rng.derive(run.seed, episode, node.id));
  const envNode = plan.nodes[plan.environment];
  const tally: EpisodeTally = { steps: 0, envSteps: 0, total: 0 };
  let status: EpisodeStatus = "completed";
  let failure: NodeFailure | undefined;
  let replayFailed = false;
  let endsRun = false;
  let startError: unknown;
  try {
    // Awaited only when a node's beginEpisode is asynchronous: most are not, and an await each cost every episode a turn of microtasks.
    const begun = envNode ? beginNode(run, rngs, episode, plan.environment) : undefined;
    if (begun) await begun;
  } catch (error) {
    startError = error;
  }
  const scene = startError === undefined && run.traced ? sceneOf(envNode, episode) : undefined;
  const actionLabels = run.traced ? discreteLabelsOf(envNode) : undefined;
  emit({ type: "episode.start", t: start, episode, ...(scene && "scene" in scene ? { scene: scene.scene } : {}), ...(actionLabels ? { actionLabels } : {}) });
  try {
    if (startError !== undefined) throw startError;
    if (scene && "error" in scene) throw scene.error;
    for (const i of run.others) {
      const begun = beginNode(run, rngs, episode, i);
      if (begun) await begun;
    }
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
      failure = failureOf(error, episode, tally.steps);
      endsRun = error instanceof NodeError && error.endsRun;
    }
  }
  const { last } = tally;
  const result: EpisodeResult = {
    episode,
    status,
    steps: tally.steps,
    envSteps: tally.envSteps,
    return: tally.total,
    success: successOf(status, last?.info.success, envNode?.instance.environment?.reportsSuccess === true),
    terminated: last?.terminated ?? false,
    truncated: last?.truncated ?? false,
    ms: clock() - start,
  };
  const endedBy = last?.action === null ? last.info["endedBy"] : undefined;
  if (typeof endedBy === "string") result.endedBy = endedBy;
  const outcome = episodeOutcome(result);
  for (let i = 0; i < plan.nodes.length; i++) {
    if (run.endsEpisodeElsewhere?.has(i)) continue;
    const node = plan.nodes[i]!;
    try {
      const ended = node.instance.endEpisode?.(outcome);
      if (ended) await ended;
    } catch (error) {
      // Past the episode's own handling: this fails the run, naming the node.
      throw new NodeError({ node: node.id, kind: node.kind.kind, episode, step: tally.steps, ...thrown(error) });
    }
  }
  emit({ type: "episode.end", t: clock(), ...result });
  return { result, ...(failure ? { failure } : {}), ...(replayFailed ? { replayFailed } : {}), ...(endsRun ? { endsRun } : {}) };
}

/** What nodes' endEpisode is told of an episode. */
export function episodeOutcome(result: EpisodeResult): EpisodeOutcome {
  // A result's return is null only once written as JSON: here it is the tally's number (±Infinity or NaN included).
  return { episode: result.episode, status: result.status, steps: result.steps, return: result.return ?? NaN, success: result.success === true };
}

/**
 * An episode's success: what its last step's info says, else false in a world that marks its goal
 * (the goal was not reached), else null (the world says nothing of success, also of an episode
 * stopped or failed in it). Only a completed episode succeeds.
 */
function successOf(status: EpisodeStatus, said: unknown, reportsSuccess: boolean): boolean | null {
  if (typeof said === "boolean") return status === "completed" && said;
  return reportsSuccess ? false : null;
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
    throw new NodeError({ node: envNode.id, kind: envNode.kind.kind, episode, step, ...thrown(error) });
  }
  return fork.origin.step;
}

/** Steps decided by the graph, from `firstStep` until the executor's transition is done or maxSteps. */
async function playLiveSteps(run: RunState, episode: number, firstStep: number, rngs: readonly Rng[], tally: EpisodeTally): Promise<void> {
  const { plan, evaluator, control, emit, clock } = run;
  const traceSteps = run.level !== "off";
  const candidatesPort = plan.executorCandidatesPort;
  for (let step = firstStep; step < run.maxSteps; step++) {
    let stepStart: number;
    if (run.beforeStep) {
      await run.beforeStep();
      // Read only where a step.start or step.end will carry it.
      stepStart = traceSteps ? clock() : 0;
    } else {
      const turn = takeTurn(run, control);
      stepStart = typeof turn === "number" ? turn : await turn;
    }
    if (traceSteps) emit({ type: "step.start", t: stepStart, episode, step });
    // The picture of the state the step decides on, so taken before the graph acts.
    const environment = run.level === "full" ? plan.nodes[plan.environment]?.instance.environment : undefined;
    const frame = environment ? stepFrame(environment) : undefined;
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
        ...(frame ? { frame } : {}),
        decision: outputs["decision"] as Decision,
      };
      // Rows made only if a listener reads them; the trace writer writes them from the table's columns.
      emit(table ? withCandidateRows(event, table) : event);
    }
    if (done) return;
  }
}

/**
 * Waits while the run is paused (throws RunStopped once stopped), and hands the event loop a turn
 * when the last was long ago. Answers the clock after both; a promise only when it had to wait,
 * so the usual step allocates none.
 */
export function takeTurn(run: Pick<RunState, "clock" | "lastYield">, control: RunControl): number | Promise<number> {
  if (!control.mustWait()) {
    const now = run.clock();
    if (now - run.lastYield <= YIELD_EVERY_MS) return now;
  }
  return waitAndYield(run, control);
}

async function waitAndYield(run: Pick<RunState, "clock" | "lastYield">, control: RunControl): Promise<number> {
  if (control.mustWait()) await control.waitForTurn();
  const now = run.clock();
  if (now - run.lastYield <= YIELD_EVERY_MS) return now;
  await yieldToEventLoop();
  return (run.lastYield = run.clock());
}

/** A node's beginEpisode; a promise only when it is asynchronous. Its failure is the node's error at step 0. */
function beginNode(run: RunState, rngs: readonly Rng[], episode: number, i: number): void | Promise<void> {
  const node = run.plan.nodes[i]!;
  // Most kinds have no beginEpisode: their seed is not derived (a hash per node and episode).
  if (!node.instance.beginEpisode) return;
  const failed = (error: unknown): never => {
    throw new NodeError({ node: node.id, kind: node.kind.kind, episode, step: 0, ...thrown(error) });
  };
  let begun: unknown;
  try {
    begun = node.instance.beginEpisode({ episode, seed: deriveSeed(run.seed, "episode", episode, node.id), rng: rngs[i]! });
  } catch (error) {
    failed(error);
  }
  if (isPromiseLike(begun)) return Promise.resolve(begun).then(() => undefined, failed);
}

/** The environment's discrete action names for episode.start (the report and step view name actions by them). */
function discreteLabelsOf(envNode: StepPlan["nodes"][number] | undefined): readonly string[] | undefined {
  const space = envNode?.instance.environment?.actionSpace;
  return space?.kind === "discrete" && space.labels.length > 0 ? space.labels : undefined;
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
