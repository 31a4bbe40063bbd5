import type { CandidateTable } from "../../runtime/candidate-table.js";
import type { Action, Environment, Observation } from "../../runtime/environment.js";
import type { Transition } from "../../runtime/ports.js";
import type { ColumnType, DatasetRecord } from "./columns.js";
import { utf8, type EpisodeBuffer } from "./episode-buffer.js";

/** Where a record comes from: every record starts with these two columns. */
export interface StepPlace {
  episode: number;
  step: number;
}

/** Turns an action into the text a language model (or a person) reads. */
export type DescribeAction = (action: Action) => string;

/**
 * The environment's own wording when one is connected. Without one, text actions stay as they
 * are (quoting them would put JSON quotes into preference texts) and other actions become JSON.
 */
export function actionDescriber(environment: Environment | undefined): DescribeAction {
  if (environment) return (action) => environment.describeAction(action);
  return (action) => (typeof action === "string" ? action : JSON.stringify(action));
}

/** Columns of the transitions stream (offline RL), with their Parquet types. */
export const transitionColumns: Readonly<Record<string, ColumnType>> = {
  episode: "INT32",
  step: "INT32",
  observation: "STRING",
  action: "STRING",
  reward: "DOUBLE",
  next_observation: "STRING",
  terminated: "BOOLEAN",
  truncated: "BOOLEAN",
  env_steps: "INT32",
  success: "BOOLEAN",
  hazard: "BOOLEAN",
};

/** Observations remembered with their text: lockstep lanes interleave a few episodes' steps in one collector. */
const REMEMBERED_OBSERVATIONS = 8;
/** Ring misses after which the by-object cache is judged: kept only when it answered at least half of them. */
const JUDGE_AFTER = 256;

/** An observation's JSON text, and that text as a JSON string in UTF-8 (made when first asked for). */
interface ObservationText {
  text: string;
  quoted: Uint8Array | undefined;
}

/**
 * Observations as JSON text, each object written once: a step's observation is the object the step
 * before returned as its next observation (observations are never mutated), so without this every
 * observation of an episode would be serialised twice. Remembers the last few objects by identity,
 * and every object in a WeakMap while that pays: environments that keep one object per state (the
 * grid world does) then serialise each state once a run, while for those that make a new object
 * every step a WeakMap entry per step cost more than it saved, so the map is dropped after
 * JUDGE_AFTER misses of the ring when it answered fewer than half of them.
 */
export class ObservationTexts {
  private readonly objects: (object | undefined)[] = new Array<object | undefined>(REMEMBERED_OBSERVATIONS);
  private readonly entries: ObservationText[] = new Array<ObservationText>(REMEMBERED_OBSERVATIONS);
  private next = 0;
  private known: WeakMap<object, ObservationText> | undefined = new WeakMap();
  private ringMisses = 0;
  private knownHits = 0;

  /** The observation's JSON text (undefined for undefined, as JSON.stringify gives). */
  of(observation: Observation): string {
    if (typeof observation !== "object" || observation === null) return JSON.stringify(observation);
    return this.entry(observation).text;
  }

  /** The observation's JSON text as a JSON string in UTF-8, as it stands in a JSON line (undefined where `of` gives undefined). */
  quoted(observation: Observation): Uint8Array | undefined {
    if (typeof observation !== "object" || observation === null) return quotedJson(observation);
    const entry = this.entry(observation);
    return (entry.quoted ??= utf8(JSON.stringify(entry.text)));
  }

  private entry(observation: object): ObservationText {
    for (let i = 0; i < REMEMBERED_OBSERVATIONS; i++) if (this.objects[i] === observation) return this.entries[i]!;
    let entry = this.known?.get(observation);
    if (entry === undefined) {
      entry = { text: JSON.stringify(observation), quoted: undefined };
      this.known?.set(observation, entry);
    } else this.knownHits++;
    if (this.known && ++this.ringMisses === JUDGE_AFTER && this.knownHits * 2 < JUDGE_AFTER) this.known = undefined;
    this.objects[this.next] = observation;
    this.entries[this.next] = entry;
    this.next = (this.next + 1) % REMEMBERED_OBSERVATIONS;
    return entry;
  }
}

/** The transition line's keys, each with the punctuation around it, in UTF-8. */
const TRANSITION_KEYS = {
  episode: utf8('{"episode":'),
  step: utf8(',"step":'),
  observation: utf8(',"observation":'),
  action: utf8(',"action":'),
  reward: utf8(',"reward":'),
  next: utf8(',"next_observation":'),
};

/**
 * Appends the transition record's JSON line to `out`, as JSON.stringify(transitionRecord(…)) writes
 * it, without the record or the line as a string: the observations' texts are quoted once (a step's
 * observation is the step before's next one), and the pieces that recur (a small action with its
 * keys, the flags and env_steps that end the line) are made once. False, writing nothing, when a
 * value is not of its column's type (a misbehaving environment): the record then goes the general
 * way, which names the column and the step.
 */
export function writeTransitionLine(out: EpisodeBuffer, transition: Transition, place: StepPlace, texts: ObservationTexts): boolean {
  const { reward, terminated, truncated, envSteps, action } = transition;
  if (typeof reward !== "number" || typeof terminated !== "boolean" || typeof truncated !== "boolean" || typeof envSteps !== "number") return false;
  const observation = texts.quoted(transition.observation);
  const next = texts.quoted(transition.nextObservation);
  const actionPiece = actionWithKeys(action);
  if (observation === undefined || next === undefined || actionPiece === undefined) return false;
  const keys = TRANSITION_KEYS;
  out.put(keys.episode);
  out.number(place.episode);
  out.put(keys.step);
  out.number(place.step);
  out.put(keys.observation);
  out.put(observation);
  out.put(actionPiece);
  out.number(reward);
  out.put(keys.next);
  out.put(next);
  out.put(lineEnd(terminated, truncated, envSteps, transition.info.success === true, transition.info.hazard === true));
  return true;
}

/** Discrete actions up to this many have their piece made once. */
const SMALL_ACTIONS = 256;
const smallActions: Uint8Array[] = [];
const NULL_ACTION = actionPiece(utf8("null"));

/** `,"action":<the action's JSON text as a JSON string>,"reward":` (undefined where JSON.stringify gives no text). */
function actionWithKeys(action: Action | null | undefined): Uint8Array | undefined {
  if (action === null) return NULL_ACTION;
  if (typeof action === "number" && action >= 0 && action < SMALL_ACTIONS && Number.isInteger(action)) {
    return (smallActions[action] ??= actionPiece(quotedJson(action)!));
  }
  const quoted = quotedJson(action);
  return quoted === undefined ? undefined : actionPiece(quoted);
}

function actionPiece(quoted: Uint8Array): Uint8Array {
  return Buffer.concat([TRANSITION_KEYS.action, quoted, TRANSITION_KEYS.reward]);
}

/** env_steps up to this many have the line's ends made once (for each of the 16 combinations of flags). */
const SMALL_ENV_STEPS = 64;
const lineEnds: Uint8Array[] = [];

/** `,"terminated":…,"truncated":…,"env_steps":…,"success":…,"hazard":…}` and the newline. */
function lineEnd(terminated: boolean, truncated: boolean, envSteps: number, success: boolean, hazard: boolean): Uint8Array {
  const known = envSteps >= 0 && envSteps < SMALL_ENV_STEPS && Number.isInteger(envSteps);
  const at = known ? envSteps * 16 + (terminated ? 8 : 0) + (truncated ? 4 : 0) + (success ? 2 : 0) + (hazard ? 1 : 0) : -1;
  const made = at >= 0 ? lineEnds[at] : undefined;
  if (made !== undefined) return made;
  const end = utf8(`,"terminated":${terminated},"truncated":${truncated},"env_steps":${JSON.stringify(envSteps)},"success":${success},"hazard":${hazard}}\n`);
  if (at >= 0) lineEnds[at] = end;
  return end;
}

/** A value's JSON text as a JSON string in UTF-8 (undefined where JSON.stringify gives no text). */
function quotedJson(value: unknown): Uint8Array | undefined {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? undefined : utf8(JSON.stringify(text));
}

/** One (s, a, r, s', done) record; observations and the action as JSON text so any reader can parse them back. */
export function transitionRecord(transition: Transition, place: StepPlace, texts: ObservationTexts = new ObservationTexts()): DatasetRecord {
  return {
    episode: place.episode,
    step: place.step,
    observation: texts.of(transition.observation),
    action: transition.action === null ? null : JSON.stringify(transition.action),
    reward: transition.reward,
    next_observation: texts.of(transition.nextObservation),
    terminated: transition.terminated,
    truncated: transition.truncated,
    env_steps: transition.envSteps,
    // The generic step facts (runtime StepInfo): labels for success and risk models.
    success: transition.info.success === true,
    hazard: transition.info.hazard === true,
  };
}

/** The columns every candidate record starts with; the table's own columns follow. */
export const candidateColumns: Readonly<Record<string, ColumnType>> = {
  episode: "INT32",
  step: "INT32",
  candidate: "INT32",
  action: "STRING",
};

/**
 * One record per candidate row: its place, its action as JSON text as transitions record theirs (the
 * exact action, so the two streams join and Q(s, a) trains on it, not a rounded label), and every
 * column of the table.
 */
export function candidateRecords(table: CandidateTable, place: StepPlace): DatasetRecord[] {
  const names = table.columnNames();
  const clash = names.find((name) => name in candidateColumns);
  if (clash !== undefined) {
    throw new Error(`the candidate table has a column "${clash}", a name the dataset uses for its own column; rename it upstream`);
  }
  return table.actions.map((action, index) => {
    const record: DatasetRecord = { episode: place.episode, step: place.step, candidate: index, action: JSON.stringify(action) };
    for (const name of names) record[name] = table.column(name)?.[index] ?? null;
    return record;
  });
}
