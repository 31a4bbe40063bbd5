/**
 * The environment contract every built-in or external environment implements.
 * It follows Gymnasium's `Env` (reset → observation, step → observation, reward,
 * terminated, truncated, info) plus what look-ahead needs: snapshot/restore and
 * an independent simulator copy.
 */

import type { Action, JsonValue } from "../protocol/values.js";
import type { Scene } from "../protocol/scenes.js";
import type { StructuredSpace } from "./structured-space.js";

// JSON values, actions and scenes are shared with the editor, so they live in protocol/.
export type { Action, JsonValue, StructuredAction } from "../protocol/values.js";
export type { Scene } from "../protocol/scenes.js";

/** An environment-specific observation; JSON so it can be traced and recorded. Never mutated once returned (traces keep it by reference). */
export type Observation = JsonValue;

/**
 * What actions an environment accepts. A box's bounds are one number for every dimension or one per
 * dimension (row-major, as many as the shape holds); ±Infinity where a dimension is unbounded.
 * A structured space (an external environment's MultiDiscrete, MultiBinary, Dict or Tuple) takes
 * actions as the environment does: lists and objects (StructuredAction).
 */
export type ActionSpace =
  | { kind: "discrete"; n: number; labels: readonly string[] }
  | { kind: "box"; shape: readonly number[]; low: number | readonly number[]; high: number | readonly number[] }
  | { kind: "text" }
  | { kind: "structured"; space: StructuredSpace };

/** Extra facts about a step; hazard/irreversible feed risk signals and reasons. */
export interface StepInfo {
  /** The episode ended in the goal (or the task was accomplished). */
  success?: boolean;
  /** The step entered a hazard (e.g. lava). */
  hazard?: boolean;
  /** The step cannot be undone (e.g. entering lava, buying). */
  irreversible?: boolean;
  [key: string]: JsonValue | undefined;
}

/** The result of `step(action)`, as in Gymnasium. */
export interface StepResult {
  observation: Observation;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: StepInfo;
}

/** A serialisable copy of an environment's full state, random stream included. */
export type EnvSnapshot = JsonValue;

/** A named tensor view of observations for models (docs/encodings.md gives each environment's). */
export interface EncodingSpec {
  /** Fixed shape of one encoded observation, without the batch dimension; data is row-major. */
  shape: readonly number[];
  description: string;
}

/** An environment instance. All methods are synchronous: environments are pure TypeScript simulators. */
export interface Environment {
  /** Name of the environment family, e.g. "gridworld". */
  readonly name: string;
  readonly actionSpace: ActionSpace;
  /**
   * The world has a goal and marks the step that reaches it (`info.success`), so an episode that
   * ends without it failed. Absent: an episode succeeded or failed only where its last step's info
   * says so, and otherwise the world says nothing of success (its success rate is "–").
   */
  readonly reportsSuccess?: boolean;
  /**
   * What an environment living elsewhere declared of itself (an external one's `spaces` reply):
   * run.start records it, so `foresight train` can describe the environment from the run folder
   * without reaching it (a remote server may be down or serve another environment by then).
   */
  readonly declared?: JsonValue;
  /** Starts an episode; the seed fixes the layout (for generated maps) and every random draw. */
  reset(seed: number): Observation;
  /** The current observation. */
  observe(): Observation;
  /** The observation encodings this environment offers, by name (fixed for its configuration). */
  readonly encodings: Readonly<Record<string, EncodingSpec>>;
  /**
   * Encodes an observation this environment (or one configured like it) produced — the current one
   * when omitted — as a flat Float32Array in the encoding's row-major layout: a fresh array the
   * caller owns (a model call may hold it until the lanes' batched call).
   */
  encode(encoding: string, observation?: Observation): Float32Array;
  step(action: Action): StepResult;
  /**
   * The same step, answered later: offered by environments whose steps are batched across lockstep
   * lanes (external ones whose lanes share one process: the lanes' steps of one turn travel in one
   * line). The executor uses it when present; everything else steps with `step`.
   */
  stepSoon?(action: Action): Promise<StepResult>;
  /** The same reset, answered later (with the lanes' steps and resets of the turn); offered with stepSoon. The environment node uses it when present. */
  resetSoon?(seed: number): Promise<Observation>;
  /**
   * With stepSoon: how many groups lockstep lanes should step in, out of phase (runtime/engine/lockstep.ts),
   * so the engine computes one group's steps while another's are being answered. Absent: 1.
   */
  readonly laneGroups?: number;
  /** True once the episode has terminated. */
  readonly done: boolean;
  /**
   * False when the environment cannot snapshot, restore or clone itself (an external one that
   * declared no such capability): look-ahead through it is refused at validation. Absent means it can.
   */
  readonly canSnapshot?: boolean;
  /**
   * With canSnapshot false, why, where known (an external environment's process said, or its node's
   * param turned snapshots off): validation's refusal of look-ahead says it (`cannotCopy`).
   */
  readonly snapshotOff?: string;
  snapshot(): EnvSnapshot;
  restore(snapshot: EnvSnapshot): void;
  /** Replaces the random stream (slip etc.) so look-ahead cannot peek at the real future draws. */
  reseed(seed: number): void;
  /** An independent copy with the same configuration and state, for simulation. */
  clone(): Environment;
  /**
   * Look-ahead in bulk, offered where every call is a round trip (an external environment whose
   * process declares `batch`): one independent copy of the current state per seed, each reseeded
   * with it, in one go. Absent: look-ahead clones and reseeds one copy at a time.
   */
  forkMany?(seeds: readonly number[]): Environment[];
  /** Steps copies this environment made (forkMany or clone), each with its action, in one go; results in order. Offered with forkMany. */
  stepMany?(copies: readonly Environment[], actions: readonly Action[]): StepResult[];
  /**
   * What a view draws of the current episode (the map, how actions move): traced once per episode in
   * `episode.start`, after reset. Without it the editor shows observations as JSON.
   */
  scene?(): Scene;
  /** A short text picture of the current state, for traces and preference prompts. */
  render(): string;
  /**
   * render()'s text for a state that showed `observation`, where the text depends on the observation
   * alone (an external environment's is its JSON): the executor then makes a transition's state text
   * only when something reads it, not at every step.
   */
  renderObservation?(observation: Observation): string;
  /**
   * A picture of the current state as a PNG, base64-encoded (an external environment made with
   * render_mode "rgb_array"): traced once per step at trace level "full". Absent where there is none.
   */
  frame?(): string;
  /** A readable name for an action, e.g. "up". */
  describeAction(action: Action): string;
  /** Whether taking `action` now may end the episode irreversibly (e.g. step into lava). */
  isIrreversible?(action: Action): boolean;
  /** Probability that `action` now leads into a hazard (accounts for slip). */
  hazardProbability?(action: Action): number;
  /** Releases what the environment holds outside this process (an external environment's process); called when the run ends. */
  close?(): void;
  /** Exact Q value of every discrete action in the current state (an oracle for demos and tests). */
  exactQ?(): number[];
  /** Scores of a naive, hazard-blind heuristic over the discrete actions (higher is preferred). */
  naivePreferences?(): number[];
  /** A naive scripted agent's plausible actions now (the shop's texts, the point mass's pushes), with preference scores (higher is preferred). */
  naiveProposals?(): { actions: Action[]; scores: number[] };
  /** Text action spaces: the actions that do something now (a page's links, buttons, options), for prompts. */
  validActions?(): string[];
  /** Text action spaces with a syntax of their own: the action an answer (e.g. an LLM's) names, or why it names none. */
  parseAction?(answer: string): { action: Action; error: null } | { action: null; error: string };
  /** Encodings of actions for Q(s, a) models where a one-hot cannot do (text actions), by name; docs/encodings.md. */
  readonly actionEncodings?: Readonly<Record<string, EncodingSpec>>;
  /** Encodes `action` taken in `observation` (the current one when omitted) as a flat Float32Array, as `encode` does states. */
  encodeAction?(encoding: string, action: Action, observation?: Observation): Float32Array;
}

/** How look-ahead's refusals name an environment that cannot be copied: `"name" cannot snapshot, restore or clone itself (why)`. */
export function cannotCopy(environment: Environment): string {
  const why = environment.snapshotOff ? ` (${environment.snapshotOff})` : "";
  return `"${environment.name}" cannot snapshot, restore or clone itself${why}`;
}

/** Numbers in one encoded observation: the product of the spec's shape. */
export function encodingSize(spec: EncodingSpec): number {
  let size = 1;
  for (const dim of spec.shape) size *= dim;
  return size;
}

/** A key that is equal for equal actions (by value, so [1, 0] matches [1, 0]); for maps and dedupe. */
export function actionKey(action: Action): string {
  return typeof action === "number" ? String(action) : JSON.stringify(action);
}

/** Each action once, in first-seen order, and for each given action the index of its copy there. */
export function distinctActions(actions: readonly Action[]): { actions: Action[]; rowToAction: number[] } {
  const indexByKey = new Map<string, number>();
  const distinct: Action[] = [];
  const rowToAction = actions.map((action) => {
    const key = actionKey(action);
    let index = indexByKey.get(key);
    if (index === undefined) {
      index = distinct.push(action) - 1;
      indexByKey.set(key, index);
    }
    return index;
  });
  return { actions: distinct, rowToAction };
}

/**
 * An environment that cannot be made because of one of its params (a Gymnasium id that names no
 * environment): validation points at that param (`…/params/id`), not at the params as a whole.
 */
export class EnvironmentParamError extends Error {
  constructor(
    message: string,
    readonly param: readonly string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
