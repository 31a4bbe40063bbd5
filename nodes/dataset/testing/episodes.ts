import { CandidateTable } from "../../../runtime/candidate-table.js";
import type { Environment } from "../../../runtime/environment.js";
import type { EpisodeOutcome, SetupContext, StepContext } from "../../../runtime/node-kind.js";
import type { Transition } from "../../../runtime/ports.js";
import { Rng } from "../../../runtime/rng.js";
import { datasetKind } from "../index.js";
import { createModelCache } from "../../../runtime/inference/model-cache.js";

/** What a dataset node instance looks like to a test. */
export type DatasetNode = Awaited<ReturnType<typeof datasetKind.create>>;

/** The inputs fed at one step of the fake run. */
export interface FedStep {
  transition: Transition;
  candidates: CandidateTable;
}

/**
 * A deterministic step, so a parent test can rebuild what a child process fed. Four candidates
 * with distinct q; the best-q one (row 3) is filtered, so the chosen one is row 2 and the rejected one row 0.
 * The last step of an episode ends it without acting.
 */
export function fedStep(episode: number, step: number, steps: number): FedStep {
  const last = step === steps - 1;
  const transition: Transition = {
    observation: { agent: [episode, step], grid: ["#.G", "..."] },
    stateText: `episode ${episode}, step ${step}\n#.G\n...`,
    action: last ? null : step % 4,
    reward: last ? 1 : -0.25 * (step + 1),
    nextObservation: { agent: [episode, step + 1], grid: ["#.G", "..."] },
    terminated: last,
    truncated: false,
    envSteps: 1,
    info: {},
  };
  const candidates = CandidateTable.of([0, 1, 2, 3], {
    logp: [-1.5, -1.25, -2, -0.5],
    q: [-1 - step, 0.5, 2 + episode, 9],
    filtered: [false, false, false, true],
    reason: [null, null, null, "lava ahead"],
  });
  return { transition, candidates };
}

/** A setup context writing into `runDir`. */
export function setupContext(runDir: string, log: (message: string) => void = () => {}): SetupContext {
  return { nodeId: "data", pipelineDir: ".", runDir, runSeed: 1, models: createModelCache({ pipelineDir: "." }), log };
}

export function stepContext(episode: number, step: number): StepContext {
  return { nodeId: "data", episode, step, rng: Rng.fromSeed(1), signal: new AbortController().signal };
}

/** Feeds `steps` steps of `episode` without ending it. */
export async function feedSteps(
  node: DatasetNode,
  episode: number,
  steps: number,
  environment?: Environment,
  step: (episode: number, step: number, steps: number) => FedStep = fedStep,
): Promise<void> {
  await node.beginEpisode?.({ episode, seed: episode, rng: Rng.fromSeed(episode) });
  for (let i = 0; i < steps; i++) await node.run({ exchanges: undefined, ...step(episode, i, steps), environment }, stepContext(episode, i));
}

/** Feeds a whole episode and ends it with `status`. */
export async function playEpisode(
  node: DatasetNode,
  episode: number,
  steps: number,
  status: EpisodeOutcome["status"] = "completed",
): Promise<void> {
  await feedSteps(node, episode, steps);
  await node.endEpisode?.({ episode, status, steps, return: 0, success: false });
}

/** The transition records the fake run should produce for `episode`, spelled out independently of the node's code. */
export function expectedTransitions(episode: number, steps: number): Record<string, unknown>[] {
  return Array.from({ length: steps }, (_, step) => {
    const { transition } = fedStep(episode, step, steps);
    return {
      episode,
      step,
      observation: JSON.stringify(transition.observation),
      action: transition.action === null ? null : String(transition.action),
      reward: transition.reward,
      next_observation: JSON.stringify(transition.nextObservation),
      terminated: transition.terminated,
      truncated: false,
      env_steps: 1,
      success: transition.info.success === true,
      hazard: transition.info.hazard === true,
    };
  });
}

/** The preference records of the fake run for `episode`: row 2 chosen over row 0 at every step. */
export function expectedPreferences(episode: number, steps: number): Record<string, unknown>[] {
  return Array.from({ length: steps }, (_, step) => ({
    episode,
    step,
    prompt: fedStep(episode, step, steps).transition.stateText,
    chosen: "2",
    rejected: "0",
    chosen_score: 2 + episode,
    rejected_score: -1 - step,
  }));
}

/** The candidate records of the fake run for `episode`. */
export function expectedCandidates(episode: number, steps: number): Record<string, unknown>[] {
  return Array.from({ length: steps }, (_, step) =>
    fedStep(episode, step, steps)
      .candidates.rows()
      .map((row, candidate) => ({ episode, step, candidate, ...row, action: String(row.action) })),
  ).flat();
}
