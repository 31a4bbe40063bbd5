import type { Action, Environment, Observation, StepInfo, StepResult } from "../../runtime/environment.js";
import type { MaybePromise } from "../../runtime/maybe-promise.js";
import type { Transition } from "../../runtime/ports.js";

/**
 * Executes `action` on the live environment as a chunk: the same action `chunk` times,
 * open-loop (no re-planning in between), stopping early when the episode terminates or is
 * truncated. Repeating is the one rule for every action type; a policy that plans a sequence
 * of different moves proposes them one step at a time.
 */
export function act(env: Environment, action: Action, chunk: number): MaybePromise<Transition> {
  if (env.stepSoon) {
    const played = new Chunk(env, action);
    // One step (the usual chunk) takes one promise, not an async function's too: lockstep lanes make one per lane and step.
    if (chunk === 1)
      return env.stepSoon(action).then((result) => {
        played.add(result);
        return played.transition();
      });
    return actSoon(played, env.stepSoon.bind(env), action, chunk);
  }
  const played = new Chunk(env, action);
  while (played.envSteps < chunk && !played.add(env.step(action)));
  return played.transition();
}

/** `act` on an environment whose steps are batched across lanes (Environment.stepSoon): each step awaits its batch. */
async function actSoon(played: Chunk, stepSoon: (action: Action) => Promise<StepResult>, action: Action, chunk: number): Promise<Transition> {
  while (played.envSteps < chunk && !played.add(await stepSoon(action)));
  return played.transition();
}

/** A chunk's steps as they come: the state it started from, the reward so far, the steps taken and the last result. */
class Chunk {
  readonly observation: Observation;
  /** The state's text, made now where it depends on more than the observation; else made when read (`renderObservation`). */
  private readonly stateText: string | undefined;
  reward = 0;
  envSteps = 0;
  /** Set by the first step: a chunk takes at least one before its transition is read. */
  private last: StepResult | undefined;

  constructor(
    private readonly env: Environment,
    private readonly action: Action,
  ) {
    this.observation = env.observe();
    this.stateText = env.renderObservation ? undefined : env.render();
  }

  /** Adds a step's result; answers whether the episode ended with it. */
  add(result: StepResult): boolean {
    this.last = result;
    this.reward += result.reward;
    this.envSteps++;
    return result.terminated || result.truncated;
  }

  transition(): Transition {
    const { observation, stateText, action, reward, envSteps, env } = this;
    const last = this.last ?? { observation, reward: 0, terminated: false, truncated: false, info: {} };
    if (stateText === undefined) return new TextOnRead(observation, env, action, reward, last, envSteps);
    return { observation, stateText, action, reward, nextObservation: last.observation, terminated: last.terminated, truncated: last.truncated, envSteps, info: last.info };
  }
}

const RENDERER = Symbol("renderer");
const TEXT = Symbol("text");

/**
 * Where the text is made on first read: a getter of its own (so spreading it, JSON and the trace's
 * summary still see `stateText`, in the same place), shared by every transition rather than a
 * closure each. An object literal with a getter costs as much as rendering (V8 makes it slow);
 * this costs a quarter of it, and most runs (no preference pairs, no script reading it) never read it.
 */
class TextOnRead implements Transition {
  // Declared, not defined: the constructor makes the keys in a plain transition's order (the trace lists them so).
  declare readonly observation: Observation;
  declare readonly stateText: string;
  declare readonly action: Action;
  declare readonly reward: number;
  declare readonly nextObservation: Observation;
  declare readonly terminated: boolean;
  declare readonly truncated: boolean;
  declare readonly envSteps: number;
  declare readonly info: StepInfo;
  declare private readonly [RENDERER]: Environment;
  declare private [TEXT]: string | undefined;

  constructor(observation: Observation, env: Environment, action: Action, reward: number, last: StepResult, envSteps: number) {
    const self = this as { -readonly [K in keyof Transition]: Transition[K] };
    self.observation = observation;
    Object.defineProperty(this, "stateText", STATE_TEXT);
    self.action = action;
    self.reward = reward;
    self.nextObservation = last.observation;
    self.terminated = last.terminated;
    self.truncated = last.truncated;
    self.envSteps = envSteps;
    self.info = last.info;
    this[RENDERER] = env;
  }

  renderText(): string {
    return (this[TEXT] ??= this[RENDERER].renderObservation!(this.observation));
  }
}

const STATE_TEXT: PropertyDescriptor = {
  get(this: TextOnRead) {
    return this.renderText();
  },
  enumerable: true,
};

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
