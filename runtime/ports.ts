import type { BoxBounds } from "./action-box.js";
import type { Decision } from "../protocol/run-events.js";
import type { CandidateTable } from "./candidate-table.js";
import type { Action, Environment, JsonValue, Observation, StepInfo } from "./environment.js";
import type { StructuredSpace } from "./structured-space.js";

/** A policy's output for one state. */
export type ActionDistribution =
  | { kind: "categorical"; actions: readonly Action[]; probs: readonly number[] }
  | {
      kind: "gaussian";
      mean: readonly number[];
      logStd: readonly number[];
      /** The action space's bounds, when the policy knows them: samplers and rollouts clip their draws to them. */
      bounds?: BoxBounds;
    }
  | { kind: "proposals"; actions: readonly Action[]; logp: readonly number[] }
  /** Every action of a structured space drawn as its `space.sample()` would (runtime/uniform-space.ts). */
  | { kind: "uniform"; space: StructuredSpace };

/**
 * What policies and value functions read of a state: the live environment, a simulator copy, or a
 * learned world model's predicted state (which offers only `encode` of its own encoding).
 */
export type StateView = Pick<Environment, "name" | "actionSpace" | "encode" | "encodeAction" | "naivePreferences" | "naiveProposals" | "exactQ">;

/** A policy as a callable, so look-ahead can continue a simulation with it. */
export interface PolicyFunction {
  readonly name: string;
  /**
   * One action distribution per state (the live environment, a simulator, or a predicted state).
   * Batched so model-backed policies make one inference call.
   */
  distributions(states: readonly StateView[]): readonly ActionDistribution[] | Promise<readonly ActionDistribution[]>;
}

/** A state-value estimate V(s), used to bootstrap at a rollout's horizon. */
export interface ValueFunction {
  readonly name: string;
  /** One value per state (the live environment, a simulator, or a predicted state). */
  values(states: readonly StateView[]): readonly number[] | Promise<readonly number[]>;
}

/** The executor's choice (shared with the editor, so it lives in protocol/). */
export type { Decision } from "../protocol/run-events.js";

/** What acting did: the offline-RL transition (s, a, r, s', done). */
export interface Transition {
  observation: Observation;
  /** The environment's text rendering of the state acted in; the prompt of preference pairs. May be a getter that renders on first read (Environment.renderObservation). */
  readonly stateText: string;
  /** Null when the episode ended without acting (every candidate filtered). */
  action: Action | null;
  /** Sum of rewards over `envSteps`. */
  reward: number;
  nextObservation: Observation;
  terminated: boolean;
  truncated: boolean;
  /** Environment steps taken (more than 1 for action chunks). */
  envSteps: number;
  info: StepInfo;
}

/** A dense numeric array with a shape (row-major). */
export interface Tensor {
  shape: readonly number[];
  data: Float32Array | readonly number[];
}

/** The value carried by each port type. */
export interface PortValues {
  observation: Observation;
  environment: Environment;
  policy: PolicyFunction;
  valueFunction: ValueFunction;
  actionDistribution: ActionDistribution;
  candidates: CandidateTable;
  decision: Decision;
  transition: Transition;
  number: number;
  text: string;
  tensor: Tensor;
  json: JsonValue;
}

/** The closed set of data types an edge can carry. */
export type PortType = keyof PortValues;

export const portTypes: readonly PortType[] = [
  "observation",
  "environment",
  "policy",
  "valueFunction",
  "actionDistribution",
  "candidates",
  "decision",
  "transition",
  "number",
  "text",
  "tensor",
  "json",
];

/**
 * What a port's value may be unable to do though its type allows it: `simulated-states`, a policy
 * that answers only for the live state (an LLM policy, whose prompt has no context for a simulated
 * one). An output declares what it cannot do, an input what it needs (`OutputPort.cannot`,
 * `InputPort.needs`), each with the reason; validation refuses an edge between the two.
 */
export type PortAbility = "simulated-states";

/** Abilities with the reason each is lacking or needed, in words a problem message can quote. */
export type PortAbilities = Partial<Record<PortAbility, string>>;

/** Whether an output of type `from` may feed an input of type `to`. */
export function canConnect(from: PortType, to: PortType): boolean {
  return from === to;
}
