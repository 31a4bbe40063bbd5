import type { ForkOrigin } from "../../protocol/run-events.js";
import type { Action, Environment, JsonValue, StepResult } from "../environment.js";

/** One step of an earlier run as its trace recorded it (its step.end). */
export interface RecordedStep {
  step: number;
  action: Action | null;
  reward: number;
  done: boolean;
  /** Environment steps the action took; version-1 traces lack it (1 is assumed). */
  envSteps?: number;
  /** The observation the step decided on; version-1 traces lack it (then only reward and done are checked). */
  observation?: JsonValue;
}

/** What a fork replays before its pipeline decides: the origin, the earlier run's seed, and its steps before `origin.step`. */
export interface ForkReplay {
  origin: ForkOrigin;
  seed: number;
  steps: RecordedStep[];
}

/** A replayed step did not do what the trace says: the environment is not the one that run played. */
export class ReplayError extends Error {
  constructor(
    readonly step: number,
    message: string,
  ) {
    super(message);
  }
}

/** What one replayed step did. */
export interface ReplayedStep {
  recorded: RecordedStep;
  observation: JsonValue;
  reward: number;
  done: boolean;
  envSteps: number;
}

/**
 * Plays the recorded actions on a freshly reset environment and checks each step against the
 * recording. The environment's random stream is consumed only by real steps (look-ahead works on
 * reseeded clones), so the same seed and actions give the same states; any difference means the
 * environment is configured differently from the earlier run's.
 */
export function* replaySteps(env: Environment, replay: ForkReplay): Generator<ReplayedStep> {
  const { origin } = replay;
  const where = (step: number) => `run ${origin.runDir}, episode ${origin.episode}, step ${step}`;
  const diverged = (step: number, what: string) =>
    new ReplayError(step, `${where(step)}: replaying the recorded actions diverged: ${what}; is the environment configured as in that run (same params, same node id)?`);
  for (const recorded of replay.steps) {
    const observation = env.observe();
    if (recorded.observation !== undefined && !sameJson(observation, recorded.observation)) {
      throw diverged(recorded.step, `the environment observes ${brief(observation)}, the trace has ${brief(recorded.observation)}`);
    }
    if (recorded.action === null) throw new ReplayError(recorded.step, `${where(recorded.step)}: the episode ended there without acting (every candidate was filtered); there is nothing to replay`);
    const chunk = recorded.envSteps ?? 1;
    let reward = 0;
    let envSteps = 0;
    let last: StepResult | undefined;
    try {
      while (envSteps < chunk) {
        last = env.step(recorded.action);
        reward += last.reward;
        envSteps++;
        if (last.terminated || last.truncated) break;
      }
    } catch (error) {
      throw diverged(recorded.step, `the environment refused the recorded action ${brief(recorded.action)}: ${(error as Error).message}`);
    }
    const done = last !== undefined && (last.terminated || last.truncated);
    if (reward !== recorded.reward || done !== recorded.done) {
      throw diverged(recorded.step, `action ${brief(recorded.action)} gave reward ${reward} and done ${done}, the trace has reward ${recorded.reward} and done ${recorded.done}`);
    }
    yield { recorded, observation, reward, done, envSteps };
  }
  checkRestorable(env, origin.step, where(origin.step));
}

/**
 * A fork starts from a state the environment can snapshot and restore: one that cannot (state outside
 * its simulator, such as a remote service) cannot promise that replaying reached the recorded state.
 */
function checkRestorable(env: Environment, step: number, where: string): void {
  try {
    env.restore(env.snapshot());
  } catch (error) {
    throw new ReplayError(step, `${where} cannot be restored: the environment "${env.name}" cannot snapshot and restore its state (${(error as Error).message})`);
  }
}

/** Deep equality of JSON values (key order ignored). */
export function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value, i) => sameJson(value, b[i]!));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => key in b && sameJson(a[key]!, b[key]!));
}

function brief(value: JsonValue | undefined): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
