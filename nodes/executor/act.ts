import type { Action, Environment, Observation, StepResult } from "../../runtime/environment.js";
import type { MaybePromise } from "../../runtime/maybe-promise.js";
import type { Transition } from "../../runtime/ports.js";

/**
 * Executes `action` on the live environment as a chunk: the same action `chunk` times,
 * open-loop (no re-planning in between), stopping early when the episode terminates or is
 * truncated. Repeating is the one rule for every action type; a policy that plans a sequence
 * of different moves proposes them one step at a time.
 */
export function act(env: Environment, action: Action, chunk: number): MaybePromise<Transition> {
  if (env.stepSoon) return actSoon(env, env.stepSoon.bind(env), action, chunk);
  const played = new Chunk(env, action);
  while (played.envSteps < chunk && !played.add(env.step(action)));
  return played.transition();
}

/** `act` on an environment whose steps are batched across lanes (Environment.stepSoon): each step awaits its batch. */
async function actSoon(env: Environment, stepSoon: (action: Action) => Promise<StepResult>, action: Action, chunk: number): Promise<Transition> {
  const played = new Chunk(env, action);
  while (played.envSteps < chunk && !played.add(await stepSoon(action)));
  return played.transition();
}

/** A chunk's steps as they come: the state it started from, the reward so far, the steps taken and the last result. */
class Chunk {
  readonly observation: Observation;
  readonly stateText: string;
  reward = 0;
  envSteps = 0;
  private last: StepResult;

  constructor(env: Environment, private readonly action: Action) {
    this.observation = env.observe();
    this.stateText = env.render();
    this.last = { observation: this.observation, reward: 0, terminated: false, truncated: false, info: {} };
  }

  /** Adds a step's result; answers whether the episode ended with it. */
  add(result: StepResult): boolean {
    this.last = result;
    this.reward += result.reward;
    this.envSteps++;
    return result.terminated || result.truncated;
  }

  transition(): Transition {
    const { observation, stateText, action, reward, envSteps, last } = this;
    return { observation, stateText, action, reward, nextObservation: last.observation, terminated: last.terminated, truncated: last.truncated, envSteps, info: last.info };
  }
}

/** The transition of a step where nothing was left to execute: the episode ends, truncated. */
export function endWithoutActing(env: Environment, endedBy: string): Transition {
  const observation = env.observe();
  return {
    observation,
    stateText: env.render(),
    action: null,
    reward: 0,
    nextObservation: observation,
    terminated: false,
    truncated: true,
    envSteps: 0,
    info: { endedBy },
  };
}
