import { actionVector, boxBounds, boxSize } from "../../runtime/action-box.js";
import { encodingSize, type Action, type Environment, type Observation } from "../../runtime/environment.js";
import { groupIds } from "../validation-split.js";
import { refuseOverFloat32, refuseOverFloat32In, shownNumber } from "./float32-fit.js";
import { textPairLayout, type PairLayout } from "./pair-features.js";
import { shownField } from "./shown-field.js";

/** One recorded transition as the dataset collector writes it (see nodes/dataset). */
export type TransitionRecord = Record<string, string | number | boolean | null>;

/** Transitions as dense arrays: encoded states row by row, one entry per transition otherwise. */
export interface TransitionArrays {
  count: number;
  /** Records left out because their step did not act (no action: every candidate filtered, the episode ended there). */
  notActed: number;
  /** Features per encoded state. */
  width: number;
  states: Float32Array;
  nextStates: Float32Array;
  actions: Int32Array;
  /** The action recorded at the next step of the same episode; -1 when the episode ended here. */
  nextActions: Int32Array;
  rewards: Float32Array;
  /** 1 where the episode ended for good (not a time-limit truncation: those still bootstrap). */
  terminal: Float32Array;
  /** 1 where the step entered a hazard. */
  hazard: Float32Array;
  /** Each row's episode, as dense ids (0, 1, …) over the datasets read: validation holds out whole episodes. */
  episodes: Int32Array;
  /** Box (continuous) actions, or text actions' encodings; `actions` and `nextActions` then hold nothing of use. */
  vectors?: ActionVectors;
}

/** Recorded actions as vectors, row by row: a box action's numbers, or a text action's encoding. */
export interface ActionVectors {
  /** Numbers per action. */
  width: number;
  actions: Float32Array;
  /** The action recorded at the next step of the same episode; the step's own action where the episode ended there. */
  nextActions: Float32Array;
  /** True for encoded text actions (only Q-models train on those). */
  text: boolean;
  /** How a Q(s, a) net reads a (state, action) pair. */
  layout: PairLayout;
}

/** The action encoding a text action is read with, or why none can be. */
export function actionEncodingWidth(environment: Environment, actionEncoding: string): number {
  const spec = environment.actionEncodings?.[actionEncoding];
  if (spec && environment.encodeAction) return encodingSize(spec);
  const offered = Object.keys(environment.actionEncodings ?? {});
  throw new Error(
    offered.length === 0
      ? `"${environment.name}" has text actions and no action encoding to train on`
      : `"${environment.name}" has no action encoding "${actionEncoding}"; its action encodings: ${offered.join(", ")}`,
  );
}

/** A text action as its encoding, read on the page it was taken on. */
export function encodeTextAction(environment: Environment, actionEncoding: string, action: Action, observation: Observation): Float32Array {
  return environment.encodeAction!(actionEncoding, action, observation);
}

/**
 * Encodes recorded transitions with an environment encoding. Steps that did not act (every
 * candidate filtered) are skipped; a record that cannot be read is an error naming its episode and step.
 */
export function transitionArrays(
  records: readonly TransitionRecord[],
  environment: Environment,
  encoding: string,
  actionEncoding = "bow",
  /** Which dataset (file) each record came from: (episode, step) names a step only within one run's, or one shard's. */
  datasetOf: readonly number[] = [],
): TransitionArrays {
  const space = environment.actionSpace;
  if (space.kind === "structured") {
    throw new Error(`training needs a discrete, box or text action space; "${environment.name}" has a ${space.space.type} one`);
  }
  const actedAt = records.flatMap((r, i) => (r["action"] !== null && r["action"] !== undefined ? [i] : []));
  const acted = actedAt.map((i) => records[i]!);
  const width = firstWidth(acted[0], actedAt[0], environment, encoding);
  const episodeKey = (i: number) => `${datasetOf[actedAt[i]!] ?? 0}/${String(acted[i]!["episode"])}`;
  const out: TransitionArrays = {
    count: acted.length,
    notActed: records.length - acted.length,
    width,
    states: new Float32Array(acted.length * width),
    nextStates: new Float32Array(acted.length * width),
    actions: new Int32Array(acted.length),
    nextActions: new Int32Array(acted.length).fill(-1),
    rewards: new Float32Array(acted.length),
    terminal: new Float32Array(acted.length),
    hazard: new Float32Array(acted.length),
    episodes: groupIds(acted.map((_, i) => episodeKey(i))),
  };
  const actionWidth = space.kind === "box" ? boxSize(space) : space.kind === "text" ? actionEncodingWidth(environment, actionEncoding) : 0;
  const layout = space.kind === "text" ? textPairLayout(width, actionWidth) : { stateWidth: width, actionWidth, rowProducts: 0 };
  const continuous: ActionVectors | undefined =
    space.kind === "discrete"
      ? undefined
      : { width: actionWidth, actions: new Float32Array(acted.length * actionWidth), nextActions: new Float32Array(acted.length * actionWidth), text: space.kind === "text", layout };
  acted.forEach((record, i) => {
    try {
      const observation = parseObservation(record, "observation");
      refuseOverFloat32In(observation, "observation");
      const nextObservation = parseObservation(record, "next_observation");
      refuseOverFloat32In(nextObservation, "next_observation");
      out.states.set(encodedAs(width, () => environment.encode(encoding, observation), "observation"), i * width);
      out.nextStates.set(encodedAs(width, () => environment.encode(encoding, nextObservation), "next_observation"), i * width);
      const action = JSON.parse(String(record["action"])) as unknown;
      if (continuous?.text) {
        continuous.actions.set(encodeTextAction(environment, actionEncoding, action as Action, observation), i * actionWidth);
      } else if (continuous) {
        continuous.actions.set(inBox(actionVector(action, actionWidth, `${where(record)}, a "${environment.name}" action`), space as BoxSpace, environment.name), i * actionWidth);
      } else if (space.kind === "discrete") {
        if (typeof action !== "number" || !Number.isInteger(action) || action < 0 || action >= space.n) {
          throw new Error(`${where(record)}: action ${String(record["action"])} is not one of "${environment.name}"'s actions 0..${space.n - 1}`);
        }
        out.actions[i] = action;
      }
      const reward = record["reward"];
      // A reward recorded as null was NaN or infinite (JSON has neither); one that is no number at all is a broken file.
      if (typeof reward !== "number" || !Number.isFinite(reward)) throw new Error(`${where(record)}: reward ${shownField(reward ?? null)} is not a finite number${reward === null ? " (recorded so where it was NaN or infinite)" : ""}`);
      refuseOverFloat32(reward, "reward");
      out.rewards[i] = reward;
      out.terminal[i] = record["terminated"] === true ? 1 : 0;
      out.hazard[i] = record["hazard"] === true ? 1 : 0;
    } catch (error) {
      throw recordError(actedAt[i]!, record, error);
    }
  });
  const key = (i: number, step: number) => `${episodeKey(i)}/${step}`;
  const rowOf = new Map(acted.map((record, i) => [key(i, Number(record["step"])), i]));
  acted.forEach((record, i) => {
    const next = rowOf.get(key(i, Number(record["step"]) + 1));
    if (next !== undefined) out.nextActions[i] = out.actions[next]!;
    if (continuous) {
      const from = (next ?? i) * actionWidth;
      continuous.nextActions.set(continuous.actions.subarray(from, from + actionWidth), i * actionWidth);
    }
  });
  return continuous ? { ...out, vectors: continuous } : out;
}

type BoxSpace = Extract<Environment["actionSpace"], { kind: "box" }>;

/**
 * A recorded box action, refused where it lies far outside the space's bounds: a policy may send
 * one outside (an unbounded Gaussian, an unclipped controller's u = −2·θ̇) and the environment clips
 * it, but one more than BOX_WIDTHS_OUTSIDE box widths out was recorded on another environment, or
 * written by hand.
 */
const BOX_WIDTHS_OUTSIDE = 10;

function inBox(action: number[], space: BoxSpace, environmentName: string): number[] {
  const { low, high } = boxBounds(space);
  const outside = action.findIndex((x, d) => {
    const width = high[d]! - low[d]!;
    return Number.isFinite(width) && (x < low[d]! - BOX_WIDTHS_OUTSIDE * width || x > high[d]! + BOX_WIDTHS_OUTSIDE * width);
  });
  if (outside < 0) return action;
  const bounds = low.every((l) => l === low[0]) && high.every((h) => h === high[0]) ? `[${shownNumber(low[0]!)}, ${shownNumber(high[0]!)}] in every dimension` : `low ${JSON.stringify(low)}, high ${JSON.stringify(high)}`;
  throw new Error(
    `action ${JSON.stringify(action)} is far outside "${environmentName}"'s action space, a box of shape [${space.shape.join(", ")}] with bounds ${bounds} (entry ${outside} is ${shownNumber(action[outside]!)}; the environment clips an action outside, but not one ${BOX_WIDTHS_OUTSIDE} box widths out: was it recorded on another environment?)`,
  );
}

/**
 * A record that cannot be trained on. `index` is its place among the records given, so a caller that
 * read several files can name the one it came from; the message names its episode and step.
 */
export class RecordError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

function recordError(index: number, record: TransitionRecord, error: unknown): RecordError {
  if (error instanceof RecordError) return error;
  const message = (error as Error).message;
  // Some checks (the action's, the reward's) name the episode and step themselves.
  return new RecordError(index, message.startsWith(where(record)) ? message : `${where(record)}: ${message}`);
}

/** The width of the first acting record's encoded observation: every other must match it. */
function firstWidth(record: TransitionRecord | undefined, index: number | undefined, environment: Environment, encoding: string): number {
  const observation = parseObservation(record, "observation");
  try {
    return environment.encode(encoding, observation).length;
  } catch (error) {
    // parseObservation has thrown already where there is no record.
    throw recordError(index!, record!, error);
  }
}

/** An encoded observation, checked against the first record's width: another environment's (a bigger map) would misalign every row after it. */
function encodedAs(width: number, encode: () => Float32Array, column: string): Float32Array {
  const encoded = encode();
  if (encoded.length !== width) throw new Error(`${column} encodes to ${encoded.length} numbers, the first record's to ${width} (recorded on another environment?)`);
  return encoded;
}

export function where(record: TransitionRecord | undefined): string {
  return record ? `episode ${String(record["episode"])}, step ${String(record["step"])}` : "the dataset";
}

export function parseObservation(record: TransitionRecord | undefined, column: string): Observation {
  if (!record) throw new Error("the dataset holds no transition that acted");
  const text = record[column];
  if (typeof text !== "string") throw new Error(`${where(record)}: no "${column}" column (is this a transitions dataset?)`);
  return JSON.parse(text) as Observation;
}
