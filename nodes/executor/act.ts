import type { Action, Environment, StepResult } from "../../runtime/environment.js";
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
  const observation = env.observe();
  const stateText = env.render();
  let reward = 0;
  let envSteps = 0;
  let last: StepResult = { observation, reward: 0, terminated: false, truncated: false, info: {} };
  while (envSteps < chunk) {
    last = env.step(action);
    reward += last.reward;
    envSteps++;
    if (last.terminated || last.truncated) break;
  }
  return {
    observation,
    stateText,
    action,
    reward,
    nextObservation: last.observation,
    terminated: last.terminated,
    truncated: last.truncated,
    envSteps,
    info: last.info,
  };
}

/** `act` on an environment whose steps are batched across lanes (Environment.stepSoon): each step awaits its batch. */
async function actSoon(env: Environment, stepSoon: (action: Action) => Promise<StepResult>, action: Action, chunk: number): Promise<Transition> {
  const observation = env.observe();
  const stateText = env.render();
  let reward = 0;
  let envSteps = 0;
  let last: StepResult = { observation, reward: 0, terminated: false, truncated: false, info: {} };
  while (envSteps < chunk) {
    last = await stepSoon(action);
    reward += last.reward;
    envSteps++;
    if (last.terminated || last.truncated) break;
  }
  return { observation, stateText, action, reward, nextObservation: last.observation, terminated: last.terminated, truncated: last.truncated, envSteps, info: last.info };
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
